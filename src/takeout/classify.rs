//! What each file of an export is, from its path alone (the zip's directory lists every name,
//! so nothing is inflated to decide): a family to read, or a reason to skip it. By folder and
//! file-name family (date shards removed), never by depth (takeout-format.md §1).

/// A kind of file this importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    // Global Export Data: the legacy JSON (and its clocks, §3.1).
    JsonSteps,
    JsonDistance,
    JsonCalories,
    JsonHeartRate,
    JsonRestingHeartRate,
    JsonSleep,
    JsonExercise,
    JsonWeight,
    /// `moderately_active_minutes-*.json` and `very_active_minutes-*.json`: one family, the two
    /// files of a day adding up to Fitbit's "active minutes".
    JsonActiveMinutes,
    // The per-metric CSV tree (`Physical Activity_GoogleData`, once `TIMESERIES_GoogleData`).
    CsvSteps,
    CsvDistance,
    CsvFloors,
    CsvCalories,
    CsvActiveZoneMinutes,
    /// `active_minutes_*.csv`: per minute, light / moderate / very.
    CsvActiveMinutes,
    CsvHeartRate,
    CsvRestingHeartRate,
    CsvHrv,
    CsvSpo2,
    CsvBreathingRate,
    CsvSkinTemperature,
    CsvVo2Max,
    CsvWeight,
    CsvBodyFat,
    CsvReadiness,
    // Feature folders (the older layout's only copy of nightly vitals and zone minutes).
    SleepScore,
    StressScore,
    FolderHrv,
    FolderBreathingRate,
    FolderSpo2,
    FolderSkinTemperature,
    FolderActiveZoneMinutes,
    // Health Fitness Data tables: the newest exports' only sleep and exercise sessions.
    HfSleeps,
    HfSleepStages,
    HfExercises,
    /// `Paired Devices/Trackers.csv`: each tracker's battery and last sync, as of the export.
    Trackers,
    /// `Snore and Noise Detect/Snore Details - *.csv`: 30-second segments of the night.
    Snore,
}

impl Family {
    /// As the import summary names it.
    pub fn label(self) -> &'static str {
        use Family::*;
        match self {
            JsonSteps | CsvSteps => "steps",
            JsonDistance | CsvDistance => "distance",
            JsonCalories | CsvCalories => "calories",
            CsvFloors => "floors",
            CsvActiveZoneMinutes | FolderActiveZoneMinutes => "active zone minutes",
            JsonActiveMinutes | CsvActiveMinutes => "active minutes",
            JsonHeartRate | CsvHeartRate => "heart rate",
            JsonRestingHeartRate | CsvRestingHeartRate => "resting heart rate",
            CsvHrv | FolderHrv => "heart rate variability",
            CsvSpo2 | FolderSpo2 => "blood oxygen",
            CsvBreathingRate | FolderBreathingRate => "breathing rate",
            CsvSkinTemperature | FolderSkinTemperature => "skin temperature",
            CsvVo2Max => "cardio fitness",
            JsonWeight | CsvWeight => "weight",
            CsvBodyFat => "body fat",
            JsonSleep | HfSleeps | HfSleepStages => "sleep",
            JsonExercise | HfExercises => "exercises",
            Trackers => "devices",
            Snore => "snoring",
            CsvReadiness => "readiness",
            SleepScore => "sleep score",
            StressScore => "stress score",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Read(Family),
    /// Personal details, location, social, commerce or reproductive health: never opened,
    /// listed in the summary under this folder name.
    Private(&'static str),
    /// Health data this importer does not show (or a README, a folder): left unopened.
    Unused,
    /// Not under a Fitbit / Google Health root (another Google product in the same Takeout).
    Elsewhere,
}

/// Folders never opened (takeout-format.md §6), by the name the summary shows.
const PRIVATE_FOLDERS: [(&str, &str); 17] = [
    ("Your Profile", "profile"),
    ("User Profile_GoogleData", "profile"),
    ("Account Changes", "account changes"),
    ("User Security Data", "security data"),
    ("Social", "social"),
    ("Social_GoogleData", "social"),
    ("Fitbit Friends", "friends"),
    ("Commerce_GoogleData", "purchases"),
    ("Transactions", "purchases"),
    ("Fitbit Premium", "purchases"),
    ("Menstrual Health", "menstrual health"),
    ("Coarse Physical Location", "location"),
    ("Location", "location"),
    (
        "Email Notifications Settings_GoogleData",
        "notification settings",
    ),
    ("InAppNotifications_GoogleData", "notification settings"),
    ("Discover", "programs"),
    ("Guided Programs", "programs"),
];

/// Files of otherwise readable folders that hold personal details or location.
const PRIVATE_FILES: [(&str, &str); 9] = [
    ("UserProfileData", "profile"),
    ("UserDemographicData", "profile"),
    ("UserLocationCountry", "location"),
    ("UserMBDData", "profile"),
    ("UserJournalEntries", "journal"),
    ("UserConversations", "conversations"),
    ("MedicalRecords", "medical records"),
    ("gps_location", "location"),
    ("coarse_physical_location", "location"),
];

/// The family of a file name: the extension and a date shard or offset taken off
/// (`steps_2026-04-01.csv` → `steps`, `exercise-100.json` → `exercise`,
/// `Daily SpO2 - 2026-03-19-2026-04-14.csv` → `Daily SpO2`).
pub fn family_name(file: &str) -> &str {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let b = stem.as_bytes();
    let shard = |i: usize| {
        b[i - 1] != b'.'
            && b"-_( ".contains(&b[i - 1])
            && b[i..]
                .iter()
                .all(|c| c.is_ascii_digit() || b"-_() ".contains(c))
    };
    match (1..b.len()).find(|&i| b[i].is_ascii_digit() && shard(i)) {
        Some(cut) => stem[..cut].trim_end_matches([' ', '-', '_', '(']),
        None => stem,
    }
}

/// Where the health data starts in a path: after `…/Fitbit/`, `…/Google Health/` or a
/// fitbit.com account archive's `user-site-export/`.
fn health_rest(path: &str) -> Option<&str> {
    let mut at = 0;
    for seg in path.split('/') {
        let next = at + seg.len() + 1;
        if matches!(seg, "Fitbit" | "Google Health" | "user-site-export") {
            return path.get(next..);
        }
        at = next;
    }
    None
}

/// What a file is, whatever root, part or vintage holds it: its tree (the folder under the
/// root, the CSV tree under its newer name) and its file name, which names the family and the
/// shard (`Takeout 2/Google Health/Physical Activity_GoogleData/Steps/steps_2026-10-01.csv` and
/// `Fitbit/TIMESERIES_GoogleData/steps_2026-10-01.csv` are both
/// `Physical Activity_GoogleData/steps_2026-10-01.csv`). An id is its own id; a name without a
/// folder (a sleep log's share) stays as it is.
pub fn file_id(path: &str) -> String {
    let rest = health_rest(path).unwrap_or(path);
    match (rest.split_once('/'), rest.rsplit_once('/')) {
        (Some((tree, _)), Some((_, file))) => format!(
            "{}/{file}",
            if tree == "TIMESERIES_GoogleData" {
                "Physical Activity_GoogleData"
            } else {
                tree
            }
        ),
        _ => rest.to_string(),
    }
}

pub fn classify(path: &str) -> Class {
    let Some(rest) = health_rest(path) else {
        return Class::Elsewhere;
    };
    if rest.is_empty() || rest.ends_with('/') {
        return Class::Unused;
    }
    let folder = rest.split('/').next().unwrap_or("");
    let file = rest.rsplit('/').next().unwrap_or(rest);
    if let Some((_, label)) = PRIVATE_FOLDERS.iter().find(|(f, _)| *f == folder) {
        return Class::Private(label);
    }
    if let Some((_, label)) = PRIVATE_FILES.iter().find(|(f, _)| file.starts_with(f)) {
        return Class::Private(label);
    }
    let name = family_name(file);
    let json = file.ends_with(".json");
    let csv = file.ends_with(".csv");
    use Family::*;
    let family = match folder {
        "Global Export Data" if json => match name {
            "steps" => Some(JsonSteps),
            "distance" => Some(JsonDistance),
            "calories" => Some(JsonCalories),
            "heart_rate" => Some(JsonHeartRate),
            "resting_heart_rate" => Some(JsonRestingHeartRate),
            "sleep" => Some(JsonSleep),
            "exercise" => Some(JsonExercise),
            "weight" => Some(JsonWeight),
            "moderately_active_minutes" | "very_active_minutes" => Some(JsonActiveMinutes),
            _ => None,
        },
        "Physical Activity_GoogleData" | "TIMESERIES_GoogleData" if csv => match name {
            "steps" => Some(CsvSteps),
            "distance" => Some(CsvDistance),
            "floors" => Some(CsvFloors),
            "calories" => Some(CsvCalories),
            "active_zone_minutes" => Some(CsvActiveZoneMinutes),
            "active_minutes" => Some(CsvActiveMinutes),
            "heart_rate" => Some(CsvHeartRate),
            "daily_resting_heart_rate" => Some(CsvRestingHeartRate),
            "daily_heart_rate_variability" => Some(CsvHrv),
            "daily_oxygen_saturation" => Some(CsvSpo2),
            "daily_respiratory_rate" => Some(CsvBreathingRate),
            "daily_sleep_temperature_derivations" => Some(CsvSkinTemperature),
            "demographic_vo2max" | "daily_vo2_max" | "vo2_max" | "run_vo2max" => Some(CsvVo2Max),
            "weight" => Some(CsvWeight),
            "body_fat" => Some(CsvBodyFat),
            "daily_readiness" => Some(CsvReadiness),
            _ => None,
        },
        "Sleep Score" if file == "sleep_score.csv" => Some(SleepScore),
        "Paired Devices" if file == "Trackers.csv" => Some(Trackers),
        "Snore and Noise Detect" if csv && name == "Snore Details" => Some(Snore),
        "Health Fitness Data_GoogleData" if csv && name == "UserSleeps" => Some(HfSleeps),
        "Health Fitness Data_GoogleData" if csv && name == "UserSleepStages" => Some(HfSleepStages),
        "Health Fitness Data_GoogleData" if csv && name == "UserExercises" => Some(HfExercises),
        "Heart Rate Variability" if csv && name == "Daily Heart Rate Variability Summary" => {
            Some(FolderHrv)
        }
        "Heart Rate Variability" if csv && name == "Daily Respiratory Rate Summary" => {
            Some(FolderBreathingRate)
        }
        "Oxygen Saturation (SpO2)" if csv && name == "Daily SpO2" => Some(FolderSpo2),
        "Temperature" if csv && name == "Computed Temperature" => Some(FolderSkinTemperature),
        "Active Zone Minutes (AZM)" if csv && name == "Active Zone Minutes" => {
            Some(FolderActiveZoneMinutes)
        }
        "Stress Score" if file == "Stress Score.csv" => Some(StressScore),
        _ => None,
    };
    family.map_or(Class::Unused, Class::Read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_drop_shards_and_offsets() {
        for (file, want) in [
            ("steps_2026-04-01.csv", "steps"),
            ("steps-2026-03-18.json", "steps"),
            ("exercise-100.json", "exercise"),
            ("daily_resting_heart_rate.csv", "daily_resting_heart_rate"),
            (
                "daily_oxygen_saturation_2025-08-01.csv",
                "daily_oxygen_saturation",
            ),
            ("Daily SpO2 - 2026-03-19-2026-04-14.csv", "Daily SpO2"),
            (
                "Daily Heart Rate Variability Summary - 2026-04-(10).csv",
                "Daily Heart Rate Variability Summary",
            ),
            ("run_vo2max.csv", "run_vo2max"),
            ("Glucose 202604.csv", "Glucose"),
            ("vo2_max.csv", "vo2_max"),
        ] {
            assert_eq!(family_name(file), want, "{file}");
        }
    }

    #[test]
    fn both_roots_every_vintage_and_private_folders() {
        use Family::*;
        for (path, want) in [
            ("Takeout/Fitbit/Global Export Data/steps-2026-03-18.json", Class::Read(JsonSteps)),
            ("Takeout/Google Health/Physical Activity_GoogleData/Steps/steps_2026-10-01.csv", Class::Read(CsvSteps)),
            ("Takeout 2/Google Health/Physical Activity_GoogleData/heart_rate_2026-08-20.csv", Class::Read(CsvHeartRate)),
            ("Fitbit/TIMESERIES_GoogleData/steps_2016-08-01.csv", Class::Read(CsvSteps)),
            ("Jane Doe/user-site-export/sleep-2019-01-01.json", Class::Unused),
            ("Takeout/Fitbit/Sleep Score/sleep_score.csv", Class::Read(SleepScore)),
            ("Takeout/Fitbit/Your Profile/Profile.csv", Class::Private("profile")),
            ("Takeout/Fitbit/Health Fitness Data_GoogleData/UserDemographicData.csv", Class::Private("profile")),
            ("Takeout/Google Health/Physical Activity_GoogleData/gps_location_2026-04-01.csv", Class::Private("location")),
            ("Takeout/Fitbit/Menstrual Health/menstrual_health_cycles.csv", Class::Private("menstrual health")),
            ("Takeout/Fitbit/Health Fitness Data_GoogleData/UserActivityProbabilities_2026-04-01.csv", Class::Unused),
            ("Takeout/Fitbit/Physical Activity_GoogleData/steps_readme.txt", Class::Unused),
            ("Takeout/Fitbit/Global Export Data/", Class::Unused),
            ("Takeout/Google Photos/IMG_0001.jpg", Class::Elsewhere),
        ] {
            assert_eq!(classify(path), want, "{path}");
        }
    }

    #[test]
    fn a_file_id_is_the_same_under_every_root_part_and_vintage() {
        for (paths, want) in [
            (
                &[
                    "Takeout/Fitbit/Global Export Data/steps-2026-03-18.json",
                    "Takeout 2/Fitbit/Global Export Data/steps-2026-03-18.json",
                    "Fitbit/Global Export Data/steps-2026-03-18.json",
                    "Takeout/Google Health/Global Export Data/steps-2026-03-18.json",
                    "Global Export Data/steps-2026-03-18.json",
                ][..],
                "Global Export Data/steps-2026-03-18.json",
            ),
            (
                &[
                    "Takeout/Google Health/Physical Activity_GoogleData/Steps/steps_2026-10-01.csv",
                    "Takeout 2/Google Health/Physical Activity_GoogleData/Steps/steps_2026-10-01.csv",
                    "Takeout/Fitbit/Physical Activity_GoogleData/steps_2026-10-01.csv",
                    "Fitbit/TIMESERIES_GoogleData/steps_2026-10-01.csv",
                ][..],
                "Physical Activity_GoogleData/steps_2026-10-01.csv",
            ),
            (&["Takeout/Fitbit/Active Zone Minutes (AZM)/Active Zone Minutes - 2026-04-01.csv"][..], "Active Zone Minutes (AZM)/Active Zone Minutes - 2026-04-01.csv"),
            (&["sleep 40000020000", "UserSleeps 7"][..], ""),
        ] {
            for p in paths {
                let want = if want.is_empty() { *p } else { want };
                assert_eq!(file_id(p), want, "{p}");
                assert_eq!(file_id(&file_id(p)), want, "{p}: an id is its own id");
            }
        }
        // The shard stays: other months, other files.
        assert_ne!(
            file_id("Takeout/Fitbit/Global Export Data/steps-2026-03-18.json"),
            file_id("Takeout/Fitbit/Global Export Data/steps-2026-04-17.json")
        );
    }
}
