//! Importing a Google Takeout export of Fitbit / Google Health data (see
//! ../shared/reference/takeout-format.md): the zip reader, the map of what to read and what
//! to skip, one parser per family, and the aggregation into daily values and 5-minute curves.
//! Pure: the import worker (`src/bin/import.rs`) feeds it slices of the person's files.

pub mod zip;
