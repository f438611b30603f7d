//! Synthetic exports for tests and the benchmark: both vintages, any number of years,
//! deterministic, with the values they encode stated ([`Expected`]) so a test checks the
//! import against the generator, never against the importer's own output.
//!
//! The person lives at a fixed UTC offset (tests pick a browser zone without DST to match).

use super::zip::write::{zip, Options};
use crate::date::Date;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Vintage {
    /// `Takeout/Fitbit/`: the legacy JSON (per-minute steps, distance, calories, heart rate
    /// per local day, resting heart rate with future placeholders), sleep and exercise JSON.
    Fitbit2024,
    /// `Takeout/Google Health/` (October 2026): per-family CSV subfolders with a `data source`
    /// column (a phone mirror repeating the band's minutes), daily vitals, weight; sleep and
    /// exercise JSON as before.
    GoogleHealth2026,
    /// `Takeout/Fitbit/` of 2025: the same CSV families in one flat folder, without a
    /// `data source` column (the layout fitout reads).
    Fitbit2025,
}

pub struct Spec {
    pub vintage: Vintage,
    /// The last day of data (local).
    pub end: Date,
    pub days: u32,
    /// The person's UTC offset, whole hours.
    pub offset_h: i32,
    /// Seconds between heart-rate samples (5 for a real band; more for quick tests).
    pub hr_every_s: u32,
    /// Number of zip parts (`…-001.zip`, `…-002.zip`).
    pub parts: usize,
    /// Days the tracker was not worn (about one in 23): an empty heart-rate file each.
    pub unworn_days: bool,
    /// The tracker's id and name in `Paired Devices/Trackers.csv` (another person's export
    /// lists another tracker).
    pub tracker: (&'static str, &'static str),
}

/// The generated person's tracker.
pub const TRACKER: (&str, &str) = ("3072333323", "Charge 6");

/// What the archive encodes, per local day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expected {
    pub steps: BTreeMap<Date, f64>,
    pub distance_m: BTreeMap<Date, f64>,
    /// Moderate plus very active minutes of the days the files list.
    pub active_minutes: BTreeMap<Date, f64>,
    pub resting_hr: BTreeMap<Date, f64>,
    pub minutes_asleep: BTreeMap<Date, f64>,
    /// Heart rate of the 5-minute bucket starting at local noon.
    pub noon_bpm: BTreeMap<Date, f64>,
    pub hrv_ms: BTreeMap<Date, f64>,
    pub weight_kg: BTreeMap<Date, f64>,
    pub readiness: BTreeMap<Date, f64>,
    pub sleep_score: BTreeMap<Date, f64>,
    pub snore_minutes: BTreeMap<Date, f64>,
    pub exercises: usize,
    pub nights: usize,
    /// Folders the archive holds that must be skipped (never read).
    pub private: Vec<&'static str>,
    /// What the import must leave out as not valid, by the summary's reason, and how often.
    pub dropped: BTreeMap<&'static str, u64>,
    pub unpacked_bytes: u64,
}

/// A small deterministic hash of a day (and a salt).
fn h(day: i32, salt: u32) -> u32 {
    let mut x = (day as u32).wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(40_503);
    x ^= x >> 15;
    x = x.wrapping_mul(2_246_822_519);
    x ^ (x >> 13)
}

fn mdy(d: Date, secs: u32) -> String {
    let (y, m, dd) = d.ymd();
    format!(
        "{m:02}/{dd:02}/{:02} {:02}:{:02}:{:02}",
        y % 100,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn iso_z(d: Date, secs: u32) -> String {
    format!(
        "{d}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Local (date, second) → UTC (date, second).
fn to_utc(d: Date, secs: u32, offset_h: i32) -> (Date, u32) {
    let t = d.days_since_epoch() as i64 * 86_400 + secs as i64 - offset_h as i64 * 3600;
    (
        Date::from_days_since_epoch(t.div_euclid(86_400) as i32),
        t.rem_euclid(86_400) as u32,
    )
}

/// The steps of each local minute of a day: 30 walks of a minute, every 30 minutes from 07:00.
fn step_minutes(day: i32) -> Vec<(u32, u32)> {
    let total = 4000 + h(day, 1) % 8000;
    (0..30)
        .map(|i| {
            (
                420 + 30 * i,
                total / 30 + if i == 0 { total % 30 } else { 0 },
            )
        })
        .collect()
}

fn bpm(bucket: u32) -> u32 {
    58 + bucket % 50
}

/// A 2026 file as the 2025 layout had it: no family subfolder, no `data source` column (and
/// so no phone mirror's rows).
fn flatten_2025((name, bytes): (String, Vec<u8>)) -> (String, Vec<u8>) {
    const PA: &str = "Physical Activity_GoogleData/";
    let Some(at) = name.find(PA) else {
        return (name, bytes);
    };
    let rest = &name[at + PA.len()..];
    let flat = format!(
        "{}{PA}{}",
        &name[..at],
        rest.rsplit('/').next().unwrap_or(rest)
    );
    let text = String::from_utf8(bytes).expect("generated text");
    if !text
        .lines()
        .next()
        .is_some_and(|h| h.ends_with(",data source"))
    {
        return (flat, text.into_bytes());
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.contains("Health Kit")) {
        out.push_str(line.rsplit_once(',').map_or(line, |(keep, _)| keep));
        out.push('\n');
    }
    (flat, out.into_bytes())
}

pub fn generate(spec: &Spec) -> (Vec<(String, Vec<u8>)>, Expected) {
    let root = match spec.vintage {
        Vintage::Fitbit2024 => "Takeout/Fitbit",
        Vintage::GoogleHealth2026 => "Takeout/Google Health",
        Vintage::Fitbit2025 => "Takeout/Fitbit",
    };
    let first = spec.end.add_days(1 - spec.days as i32);
    let days: Vec<Date> = (0..spec.days as i32).map(|i| first.add_days(i)).collect();
    let mut ex = Expected::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut put =
        |name: String, body: String| files.push((format!("{root}/{name}"), body.into_bytes()));

    // Steps, distance (and, in the CSV tree, a phone mirror that must not be added).
    for d in &days {
        let steps = step_minutes(d.days_since_epoch());
        ex.steps
            .insert(*d, steps.iter().map(|(_, s)| *s as f64).sum());
        ex.distance_m.insert(
            *d,
            steps.iter().map(|(_, s)| (*s * 75) as f64 / 100.0).sum(),
        );
    }
    match spec.vintage {
        Vintage::Fitbit2024 => {
            for chunk in days.chunks(30) {
                let (mut st, mut di, mut ca) =
                    (String::from("["), String::from("["), String::from("["));
                for d in chunk {
                    for (m, s) in step_minutes(d.days_since_epoch()) {
                        let (ud, us) = to_utc(*d, m * 60, spec.offset_h);
                        let sep = if st.len() > 1 { "," } else { "" };
                        let _ = write!(
                            st,
                            "{sep}{{\n  \"dateTime\" : \"{}\",\n  \"value\" : \"{s}\"\n}}",
                            mdy(ud, us)
                        );
                        let _ = write!(
                            di,
                            "{sep}{{\n  \"dateTime\" : \"{}\",\n  \"value\" : \"{}\"\n}}",
                            mdy(ud, us),
                            s * 75
                        );
                        // Calories are stamped in local time.
                        let _ = write!(
                            ca,
                            "{sep}{{\n  \"dateTime\" : \"{}\",\n  \"value\" : \"{:.2}\"\n}}",
                            mdy(*d, m * 60),
                            s as f64 * 0.04
                        );
                    }
                }
                let start = chunk[0];
                put(format!("Global Export Data/steps-{start}.json"), st + "]");
                put(
                    format!("Global Export Data/distance-{start}.json"),
                    di + "]",
                );
                put(
                    format!("Global Export Data/calories-{start}.json"),
                    ca + "]",
                );
            }
        }
        Vintage::GoogleHealth2026 | Vintage::Fitbit2025 => {
            let (mut months, mut metres): (BTreeMap<String, String>, BTreeMap<String, String>) =
                Default::default();
            for d in &days {
                for (m, s) in step_minutes(d.days_since_epoch()) {
                    let (ud, us) = to_utc(*d, m * 60, spec.offset_h);
                    let (y, mo, _) = ud.ymd();
                    let rows = months
                        .entry(format!("{y:04}-{mo:02}-01"))
                        .or_insert_with(|| "timestamp,steps,data source\n".into());
                    let _ = writeln!(rows, "{},{s},Charge 6", iso_z(ud, us));
                    let _ = writeln!(rows, "{},{},Phone Health Kit", iso_z(ud, us), s / 2);
                    let rows = metres
                        .entry(format!("{y:04}-{mo:02}-01"))
                        .or_insert_with(|| "timestamp,distance,data source\n".into());
                    let _ = writeln!(
                        rows,
                        "{},{},Charge 6",
                        iso_z(ud, us),
                        (s * 75) as f64 / 100.0
                    );
                    let _ = writeln!(
                        rows,
                        "{},{},Phone Health Kit",
                        iso_z(ud, us),
                        (s / 2 * 75) as f64 / 100.0
                    );
                }
            }
            for (shard, rows) in months {
                put(
                    format!("Physical Activity_GoogleData/Steps/steps_{shard}.csv"),
                    rows,
                );
            }
            for (shard, rows) in metres {
                put(
                    format!("Physical Activity_GoogleData/Distance/distance_{shard}.csv"),
                    rows,
                );
            }
        }
    }

    // Active minutes: moderate and very (and light ones, which do not count). The legacy JSON
    // has a file per level, padded with zeros for a month past the export (trap T9); the CSV
    // tree lists each active minute, mirrored by the phone (never added twice).
    let levels = |d: &Date| {
        (
            h(d.days_since_epoch(), 8) % 30,
            h(d.days_since_epoch(), 9) % 25,
            h(d.days_since_epoch(), 10) % 40,
        )
    };
    for d in &days {
        let (moderate, very, light) = levels(d);
        // A day the CSV lists (light minutes only: a true 0); the JSON's zeros are padding.
        let listed = if spec.vintage == Vintage::Fitbit2024 {
            moderate + very
        } else {
            light + moderate + very
        };
        if listed > 0 {
            ex.active_minutes.insert(*d, (moderate + very) as f64);
        }
    }
    match spec.vintage {
        Vintage::Fitbit2024 => {
            for (name, pick) in [("moderately_active_minutes", 0), ("very_active_minutes", 1)] {
                let mut body = String::from("[");
                ex.dropped.insert("placeholder without a value", 30);
                for d in days
                    .iter()
                    .copied()
                    .chain((1..=30).map(|i| spec.end.add_days(i)))
                {
                    let (m, v, _) = if d > spec.end { (0, 0, 0) } else { levels(&d) };
                    let sep = if body.len() > 1 { "," } else { "" };
                    let _ = write!(
                        body,
                        "{sep}{{\n  \"dateTime\" : \"{}\",\n  \"value\" : \"{}\"\n}}",
                        mdy(d, 0),
                        if pick == 0 { m } else { v }
                    );
                }
                put(
                    format!("Global Export Data/{name}-{first}.json"),
                    body + "]",
                );
            }
        }
        Vintage::GoogleHealth2026 | Vintage::Fitbit2025 => {
            let mut months: BTreeMap<String, String> = BTreeMap::new();
            for d in &days {
                let (moderate, very, light) = levels(d);
                // From 17:00 local: light minutes, then moderate, then very.
                for i in 0..(light + moderate + very) {
                    let (ud, us) = to_utc(*d, 17 * 3600 + i * 60, spec.offset_h);
                    let (y, mo, _) = ud.ymd();
                    let (l, m, v) = if i < light {
                        (1, 0, 0)
                    } else if i < light + moderate {
                        (0, 1, 0)
                    } else {
                        (0, 0, 1)
                    };
                    let rows = months
                        .entry(format!("{y:04}-{mo:02}-01"))
                        .or_insert_with(|| "timestamp,light,moderate,very,data source\n".into());
                    let _ = writeln!(rows, "{},{l},{m},{v},Charge 6", iso_z(ud, us));
                    let _ = writeln!(rows, "{},{l},{m},{v},Phone Health Kit", iso_z(ud, us));
                }
            }
            for (shard, rows) in months {
                put(
                    format!(
                        "Physical Activity_GoogleData/Active Minutes/active_minutes_{shard}.csv"
                    ),
                    rows,
                );
            }
        }
    }

    // Heart rate: every `hr_every_s` seconds of each local day, constant within a bucket. A day
    // the tracker was not worn (about one in 23) has an empty file (trap T5), no curve.
    for d in &days {
        if spec.unworn_days && h(d.days_since_epoch(), 11).is_multiple_of(23) {
            *ex.dropped.entry("empty file (\"no data\")").or_default() += 1;
            match spec.vintage {
                Vintage::Fitbit2024 => put(
                    format!("Global Export Data/heart_rate-{d}.json"),
                    String::new(),
                ),
                Vintage::GoogleHealth2026 | Vintage::Fitbit2025 => put(
                    format!("Physical Activity_GoogleData/Heart Rate/heart_rate_{d}.csv"),
                    String::new(),
                ),
            }
            continue;
        }
        let mut body = match spec.vintage {
            Vintage::Fitbit2024 => String::from("["),
            Vintage::GoogleHealth2026 | Vintage::Fitbit2025 => {
                String::from("timestamp,beats per minute,data source\n")
            }
        };
        let mut secs = 0;
        while secs < 86_400 {
            let b = bpm(secs / 300);
            let (ud, us) = to_utc(*d, secs, spec.offset_h);
            match spec.vintage {
                Vintage::Fitbit2024 => {
                    let sep = if body.len() > 1 { "," } else { "" };
                    let _ = write!(body, "{sep}{{\n  \"dateTime\" : \"{}\",\n  \"value\" : {{\n    \"bpm\" : {b},\n    \"confidence\" : 2\n  }}\n}}", mdy(ud, us));
                }
                Vintage::GoogleHealth2026 | Vintage::Fitbit2025 => {
                    let _ = writeln!(body, "{},{b}.0,Charge 6", iso_z(ud, us));
                }
            }
            secs += spec.hr_every_s;
        }
        ex.noon_bpm.insert(*d, bpm(12 * 12) as f64);
        match spec.vintage {
            // The legacy file is named by the local day, its stamps in UTC.
            Vintage::Fitbit2024 => put(
                format!("Global Export Data/heart_rate-{d}.json"),
                body + "]",
            ),
            Vintage::GoogleHealth2026 | Vintage::Fitbit2025 => put(
                format!("Physical Activity_GoogleData/Heart Rate/heart_rate_{d}.csv"),
                body,
            ),
        }
    }

    // Resting heart rate (and the legacy file's placeholders for the year ahead).
    for d in &days {
        ex.resting_hr
            .insert(*d, 52.0 + (h(d.days_since_epoch(), 2) % 12) as f64);
    }
    match spec.vintage {
        Vintage::Fitbit2024 => {
            let mut body = String::from("[");
            for d in days
                .iter()
                .copied()
                .chain((1..=30).map(|i| spec.end.add_days(i)))
            {
                let sep = if body.len() > 1 { "," } else { "" };
                let value = match ex.resting_hr.get(&d) {
                    Some(v) => format!("{{\n    \"date\" : \"{}\",\n    \"value\" : {v:.1},\n    \"error\" : 6.5\n  }}", &mdy(d, 0)[..8]),
                    None => "{\n    \"date\" : null,\n    \"value\" : 0.0,\n    \"error\" : 0.0\n  }".into(),
                };
                let _ = write!(
                    body,
                    "{sep}{{\n  \"dateTime\" : \"{}\",\n  \"value\" : {value}\n}}",
                    mdy(d, 0)
                );
            }
            put(
                format!("Global Export Data/resting_heart_rate-{first}.json"),
                body + "]",
            );
        }
        Vintage::GoogleHealth2026 | Vintage::Fitbit2025 => {
            let mut rhr = String::from("timestamp,beats per minute,data source\n");
            let mut hrv = String::from("timestamp,average heart rate variability milliseconds,non rem heart rate beats per minute,entropy,deep sleep root mean square of successive differences milliseconds,data source\n");
            let mut weight = String::from("timestamp,weight grams,data source\n");
            for d in &days {
                let _ = writeln!(rhr, "{}T00:00:00Z,{:.1},Charge 6", d, ex.resting_hr[d]);
                let v = 30.0 + (h(d.days_since_epoch(), 3) % 40) as f64;
                ex.hrv_ms.insert(*d, v);
                let _ = writeln!(hrv, "{}T00:00:00Z,{v:.1},55.0,2.1,0.0,Charge 6", d);
                if d.days_since_epoch() % 7 == 0 {
                    let grams = 70_000 + (h(d.days_since_epoch(), 4) % 3000);
                    ex.weight_kg.insert(*d, grams as f64 / 1000.0);
                    let (ud, us) = to_utc(*d, 7 * 3600, spec.offset_h);
                    let _ = writeln!(
                        weight,
                        "{},{grams},Aria Air",
                        &iso_z(ud, us).replace('Z', ".602062Z")
                    );
                }
            }
            put("Physical Activity_GoogleData/Daily Resting Heart Rate/daily_resting_heart_rate.csv".into(), rhr);
            put("Physical Activity_GoogleData/Daily Heart Rate Variability/daily_heart_rate_variability.csv".into(), hrv);
            put(
                "Physical Activity_GoogleData/Weight/weight_2026-10-01.csv".into(),
                weight,
            );
            // Scores: readiness by bare date; the sleep score's `Z` is the local wake time.
            let mut readiness = String::from("timestamp,score,type,readiness level,sleep readiness,heart rate variability readiness,resting heart rate readiness,data source\n");
            let mut score = String::from("sleep_log_entry_id,timestamp,overall_score,composition_score,revitalization_score,duration_score,deep_sleep_in_minutes,resting_heart_rate,restlessness\n");
            for d in &days {
                let r = 20.0 + (h(d.days_since_epoch(), 6) % 80) as f64;
                ex.readiness.insert(*d, r);
                let _ = writeln!(
                    readiness,
                    "{d},{r},HIGH,TYPE_UNSPECIFIED,HIGH,HIGH,HIGH,Fitbit App"
                );
                let sc = 60.0 + (h(d.days_since_epoch(), 7) % 35) as f64;
                ex.sleep_score.insert(*d, sc);
                let _ = writeln!(
                    score,
                    "{},{d}T07:00:00Z,{sc},,{sc},,60,58,0.05",
                    40_000_000_000u64 + d.days_since_epoch() as u64
                );
            }
            put(
                "Physical Activity_GoogleData/Daily Readiness/daily_readiness.csv".into(),
                readiness,
            );
            put("Sleep Score/sleep_score.csv".into(), score);
            // Snore & Noise Detect for the last week: 30-second segments from 23:30, local.
            for d in days.iter().rev().take(7) {
                let n = 4 + h(d.days_since_epoch(), 8) % 20;
                let mut rows = String::from("timestamp,mean_dba,max_dba,min_dba,events_number,snoring_events_number,snore_label,sample_duration\n");
                for i in 0..40u32 {
                    let (day, secs) = if i < 60 {
                        (d.add_days(-1), 23 * 3600 + 30 * 60 + i * 30)
                    } else {
                        (*d, i * 30)
                    };
                    let _ = writeln!(
                        rows,
                        "{day}T{:02}:{:02}:{:02},35.0,41.0,30.0,2,{},{},30",
                        secs / 3600,
                        secs / 60 % 60,
                        secs % 60,
                        u32::from(i < n),
                        u32::from(i < n)
                    );
                }
                ex.snore_minutes.insert(*d, n as f64 / 2.0);
                put(
                    format!(
                        "Snore and Noise Detect/Snore Details - {}.csv",
                        d.add_days(-1)
                    ),
                    rows,
                );
            }
        }
    }

    // Sleep, in 30-day chunks, the night on a chunk's boundary in both files (trap T10).
    let night = |d: Date| {
        let asleep = 380 + h(d.days_since_epoch(), 5) % 90;
        let (deep, rem, wake) = (asleep / 5, asleep / 4, 40);
        let light = asleep - deep - rem;
        let start = d.add_days(-1);
        format!(
            "{{\n  \"logId\" : {},\n  \"dateOfSleep\" : \"{d}\",\n  \"startTime\" : \"{start}T23:00:00.000\",\n  \"endTime\" : \"{d}T07:00:00.000\",\n  \"duration\" : 28800000,\n  \"minutesToFallAsleep\" : 0,\n  \"minutesAsleep\" : {asleep},\n  \"minutesAwake\" : {wake},\n  \"minutesAfterWakeup\" : 1,\n  \"timeInBed\" : {},\n  \"efficiency\" : 93,\n  \"type\" : \"stages\",\n  \"infoCode\" : 0,\n  \"logType\" : \"auto_detected\",\n  \"levels\" : {{\n    \"summary\" : {{\n      \"deep\" : {{ \"count\" : 3, \"minutes\" : {deep} }},\n      \"wake\" : {{ \"count\" : 9, \"minutes\" : {wake} }},\n      \"light\" : {{ \"count\" : 20, \"minutes\" : {light} }},\n      \"rem\" : {{ \"count\" : 5, \"minutes\" : {rem} }}\n    }},\n    \"data\" : [],\n    \"shortData\" : []\n  }},\n  \"mainSleep\" : true\n}}",
            40_000_000_000u64 + d.days_since_epoch() as u64,
            asleep + wake,
        )
    };
    for (i, chunk) in days.chunks(30).enumerate() {
        let mut logs: Vec<String> = chunk.iter().rev().map(|d| night(*d)).collect();
        if i > 0 {
            logs.push(night(chunk[0].add_days(-1)));
        }
        put(
            format!("Global Export Data/sleep-{}.json", chunk[0]),
            format!("[{}]", logs.join(",")),
        );
    }
    for d in &days {
        ex.minutes_asleep
            .insert(*d, (380 + h(d.days_since_epoch(), 5) % 90) as f64);
    }
    ex.nights = days.len();

    // An exercise every third day, 100 to a file, stamped in UTC.
    let walks: Vec<&Date> = days
        .iter()
        .filter(|d| d.days_since_epoch() % 3 == 0)
        .collect();
    ex.exercises = walks.len();
    for (i, chunk) in walks.chunks(100).enumerate() {
        let items: Vec<String> = chunk
            .iter()
            .map(|d| {
                let (ud, us) = to_utc(**d, 17 * 3600 + 30 * 60, spec.offset_h);
                format!(
                    "{{\n  \"logId\" : {},\n  \"activityName\" : \"Walk\",\n  \"activityTypeId\" : 90013,\n  \"activityLevel\" : [{{\n    \"minutes\" : 4,\n    \"name\" : \"sedentary\"\n  }},{{\n    \"minutes\" : 20,\n    \"name\" : \"lightly\"\n  }},{{\n    \"minutes\" : 5,\n    \"name\" : \"fairly\"\n  }},{{\n    \"minutes\" : 1,\n    \"name\" : \"very\"\n  }}],\n  \"averageHeartRate\" : 101,\n  \"calories\" : 150,\n  \"distance\" : 2.5,\n  \"distanceUnit\" : \"Kilometer\",\n  \"duration\" : 1800000,\n  \"activeDuration\" : 1800000,\n  \"steps\" : 3100,\n  \"source\" : {{\n    \"type\" : \"tracker\",\n    \"name\" : \"Charge 6\"\n  }},\n  \"logType\" : \"auto_detected\",\n  \"heartRateZones\" : [{{\n    \"name\" : \"Out of Range\",\n    \"min\" : 30,\n    \"max\" : 121,\n    \"minutes\" : 24\n  }},{{\n    \"name\" : \"Fat Burn\",\n    \"min\" : 121,\n    \"max\" : 146,\n    \"minutes\" : 6\n  }},{{\n    \"name\" : \"Cardio\",\n    \"min\" : 146,\n    \"max\" : 177,\n    \"minutes\" : 0\n  }},{{\n    \"name\" : \"Peak\",\n    \"min\" : 177,\n    \"max\" : 220,\n    \"minutes\" : 0\n  }}],\n  \"startTime\" : \"{}\",\n  \"hasGps\" : false\n}}",
                    70_000_000_000u64 + d.days_since_epoch() as u64,
                    mdy(ud, us)
                )
            })
            .collect();
        put(
            format!("Global Export Data/exercise-{}.json", i * 100),
            format!("[{}]", items.join(",")),
        );
    }

    // The tracker, as of the export (its last sync an hour before the export's end, in UTC).
    let (sd, ss) = to_utc(spec.end, 20 * 3600, spec.offset_h);
    put(
        "Paired Devices/Trackers.csv".into(),
        format!("tracker_id,date_added,last_sync_date_time,batt_level,hardware_rev,tracker_name,device_type,on_dominant_hand\n{},{first},{}.000Z,64,56,,{},false\n", spec.tracker.0, &iso_z(sd, ss)[..19], spec.tracker.1),
    );
    // What must never be read: personal details, location, and a huge file of no use.
    put("Your Profile/Profile.csv".into(), "id,full_name,email_address,date_of_birth\nABC123,Jane Example,jane@example.com,1980-01-01\n".into());
    put("Physical Activity_GoogleData/gps_location_2026-10-01.csv".into(), "timestamp,latitude,longitude,altitude,data source\n2026-10-01T10:00:00Z,52.52,13.40,34.0,Charge 6\n".into());
    ex.private = vec!["location", "profile"];
    let noise: String = (0..20_000)
        .map(|i| format!("2026-10-01T00:{:02}:00Z,{},0.1,0.2,0.7\n", i % 60, i))
        .collect();
    put(
        "Health Fitness Data_GoogleData/UserActivityProbabilities_2026-10-01.csv".into(),
        noise,
    );
    put("Biometrics/Glucose 202610.csv".into(), "no data".into());
    put(
        "Physical Activity_GoogleData/steps_readme.txt".into(),
        "Steps: the number of steps taken in the minute.".into(),
    );
    put("archive_browser.html".into(), "<html></html>".into());

    if spec.vintage == Vintage::Fitbit2025 {
        files = files.into_iter().map(flatten_2025).collect();
    }
    ex.unpacked_bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
    // Round-robin into parts, each a whole zip (as Takeout splits).
    let parts = spec.parts.max(1);
    let mut out = Vec::new();
    for p in 0..parts {
        let mine: Vec<(String, Vec<u8>)> = files
            .iter()
            .enumerate()
            .filter(|(i, _)| i % parts == p)
            .map(|(_, f)| f.clone())
            .collect();
        out.push((
            format!("takeout-20261122T090000Z-1-{:03}.zip", p + 1),
            zip(
                &mine,
                &Options {
                    deflate: true,
                    zip64: p == 1,
                },
            ),
        ));
    }
    (out, ex)
}

/// The same export zipped again: every entry renamed by `rename` (another root:
/// `Takeout 2/…`, `Fitbit/…`) and dealt round-robin into `parts` parts (Takeout's split differs
/// from one download to the next).
pub fn rezip(
    zips: &[(String, Vec<u8>)],
    rename: impl Fn(&str) -> String,
    parts: usize,
) -> Vec<(String, Vec<u8>)> {
    use super::zip::{entries, extract, Limits};
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (_, z) in zips {
        for e in entries(z)
            .expect("a generated zip")
            .iter()
            .filter(|e| !e.is_dir())
        {
            files.push((
                rename(&e.name),
                extract(z, e, Limits::default()).expect("a generated entry"),
            ));
        }
    }
    let parts = parts.max(1);
    (0..parts)
        .map(|p| {
            let mine: Vec<(String, Vec<u8>)> =
                files.iter().skip(p).step_by(parts).cloned().collect();
            (
                format!("takeout-20261123T100000Z-1-{:03}.zip", p + 1),
                zip(
                    &mine,
                    &Options {
                        deflate: true,
                        zip64: false,
                    },
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
