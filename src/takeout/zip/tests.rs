use super::write::{zip, Options};
use super::*;

fn files() -> Vec<(String, Vec<u8>)> {
    let big: Vec<u8> = (0..300_000u32)
        .flat_map(|i| format!("2026-04-06T02:{:02}:00Z,{}\n", i % 60, i % 97).into_bytes())
        .collect();
    vec![
        ("Takeout/Fitbit/".into(), vec![]),
        (
            "Takeout/Fitbit/Global Export Data/steps-2026-03-18.json".into(),
            br#"[{"dateTime":"04/06/26 02:44:00","value":"37"}]"#.to_vec(),
        ),
        (
            "Takeout/Fitbit/Physical Activity_GoogleData/steps_2026-04-01.csv".into(),
            big,
        ),
    ]
}

fn roundtrip(opt: Options) {
    let z = zip(&files(), &opt);
    let es = entries(&z).unwrap();
    assert_eq!(es.len(), 3);
    assert!(es[0].is_dir());
    for (e, (name, data)) in es.iter().zip(files()) {
        assert_eq!(e.name, name);
        assert_eq!(extract(&z, e, Limits::default()).unwrap(), data, "{name}");
    }
}

#[test]
fn stored_deflated_and_zip64_archives_read_back() {
    roundtrip(Options {
        deflate: false,
        zip64: false,
    });
    roundtrip(Options {
        deflate: true,
        zip64: false,
    });
    roundtrip(Options {
        deflate: true,
        zip64: true,
    });
}

#[test]
fn a_windowed_archive_reads_the_same_in_a_few_reads() {
    // Many small entries, as an export has: stored in order, read in order.
    let many: Vec<(String, Vec<u8>)> = (0..500)
        .map(|i| {
            (
                format!("Takeout/Fitbit/hr_{i:03}.csv"),
                format!("2026-04-06T02:44:00Z,{i}\n")
                    .repeat(50 + i)
                    .into_bytes(),
            )
        })
        .collect();
    for opt in [
        Options {
            deflate: true,
            zip64: false,
        },
        Options {
            deflate: false,
            zip64: true,
        },
    ] {
        let z = zip(&many, &opt);
        let w = Windowed::new(z.clone(), 256 << 10);
        let es = entries(&w).unwrap();
        assert_eq!(es, entries(&z).unwrap());
        for (e, (_, data)) in es.iter().zip(&many) {
            assert_eq!(&extract(&w, e, Limits::default()).unwrap(), data);
        }
        // A read per window of the archive (each one starts where a read ran past the last,
        // so moves on by at least the window less a slice), not two per entry.
        let windows = z.len().div_ceil((256 - 64) << 10);
        assert!(
            w.reads.get() <= windows + 4,
            "{} reads of a {}-byte archive",
            w.reads.get(),
            z.len()
        );
        // Cut short, it still says so.
        let cut = Windowed::new(z[..es[300].header_at as usize + 40].to_vec(), 64 << 10);
        assert_eq!(
            extract(&cut, &es[300], Limits::default()),
            Err(ZipError::Truncated)
        );
        assert_eq!(
            extract(&cut, &es[299], Limits::default()).unwrap(),
            many[299].1
        );
    }
}

#[test]
fn a_truncated_archive_or_entry_says_so() {
    let z = zip(
        &files(),
        &Options {
            deflate: true,
            zip64: false,
        },
    );
    // Cut before the end record: no directory at all.
    assert_eq!(entries(&z[..z.len() / 2].to_vec()), Err(ZipError::NotZip));
    // The directory read from a whole copy, the data from a copy cut inside the big entry.
    let es = entries(&z).unwrap();
    let cut = z[..(es[2].header_at as usize + 200)].to_vec();
    assert_eq!(
        extract(&cut, &es[2], Limits::default()),
        Err(ZipError::Truncated)
    );
    assert_eq!(
        entries(&b"PK\x03\x04 not a zip at all, just text".to_vec()),
        Err(ZipError::NotZip)
    );
}

#[test]
fn corrupt_data_encrypted_entries_and_unknown_methods_are_refused() {
    let z = zip(
        &files(),
        &Options {
            deflate: true,
            zip64: false,
        },
    );
    let es = entries(&z).unwrap();
    let mut bad = z.clone();
    let mid = es[2].header_at as usize + 30 + es[2].name.len() + 1000;
    bad[mid] ^= 0xFF;
    let got = extract(&bad, &es[2], Limits::default());
    assert!(matches!(got, Err(ZipError::Corrupt(_))), "{got:?}");
    let locked = Entry {
        encrypted: true,
        ..es[1].clone()
    };
    assert!(matches!(
        extract(&z, &locked, Limits::default()),
        Err(ZipError::Encrypted(_))
    ));
    let lzma = Entry {
        method: 14,
        ..es[1].clone()
    };
    assert_eq!(
        extract(&z, &lzma, Limits::default()),
        Err(ZipError::Method(es[1].name.clone(), 14))
    );
}

#[test]
fn bombs_stop_at_the_limits() {
    let zeros = vec![(String::from("bomb.csv"), vec![b'0'; 8 << 20])];
    let z = zip(
        &zeros,
        &Options {
            deflate: true,
            zip64: false,
        },
    );
    let e = &entries(&z).unwrap()[0];
    assert!(
        e.size / e.compressed > 200,
        "8 MiB of zeros compress over 200×"
    );
    assert_eq!(
        extract(&z, e, Limits::default()),
        Err(ZipError::TooLarge("bomb.csv".into()))
    );
    assert_eq!(
        extract(
            &z,
            e,
            Limits {
                entry_bytes: 1 << 20,
                ratio: 10_000
            }
        ),
        Err(ZipError::TooLarge("bomb.csv".into()))
    );
    assert_eq!(
        extract(
            &z,
            e,
            Limits {
                entry_bytes: 16 << 20,
                ratio: 10_000
            }
        )
        .unwrap()
        .len(),
        8 << 20
    );
    // A header that understates the size cannot make the reader write past it.
    let liar = Entry {
        size: 1 << 20,
        ..e.clone()
    };
    assert_eq!(
        extract(
            &z,
            &liar,
            Limits {
                entry_bytes: 16 << 20,
                ratio: 10_000
            }
        ),
        Err(ZipError::Corrupt("bomb.csv".into()))
    );
}
