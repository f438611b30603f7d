//! `Paired Devices/Trackers.csv`: each tracker's battery and last sync, as of the export.

use super::csv::{num, table};
use crate::model::{Device, DeviceKind};
use crate::takeout::agg::Agg;
use crate::takeout::clock::{Stamp, Zone};

/// The last sync is a true UTC instant: shown in the person's local time, as devices do.
pub(super) fn read(bytes: &[u8], agg: &mut Agg, zone: &mut impl Zone) -> Result<(), String> {
    table(
        bytes,
        &[
            "tracker_name",
            "device_type",
            "batt_level",
            "last_sync_date_time",
            "tracker_id",
        ],
        |r, _| {
            let name = [r[0], r[1]]
                .into_iter()
                .find(|n| !n.trim().is_empty())
                .unwrap_or("Tracker")
                .to_string();
            let last_sync = Stamp::parse(r[3]).map(|s| {
                let (d, secs) = s.local(zone);
                format!(
                    "{d}T{:02}:{:02}:{:02}",
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                )
            });
            let battery = num(r[2])
                .filter(|b| (0.0..=100.0).contains(b))
                .map(|b| b as u8);
            agg.devices.push(Device {
                id: Some(r[4].trim().to_string()).filter(|id| !id.is_empty()),
                name,
                kind: DeviceKind::Tracker,
                battery_percent: battery,
                last_sync,
            });
        },
    )
}
