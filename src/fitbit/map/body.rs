//! Body and food: weight, BMI and body fat logs; the day's food and water.

use super::*;

/// The answer of [`Endpoint::WeightLog`].
pub(super) fn weight_log(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let logs = items(v, "weight");
    let pick = |key: &str| -> Vec<Point> {
        logs.iter()
            .filter_map(|l| {
                Some(Point {
                    date: date_of(&l["date"])?,
                    value: num(&l[key])?,
                })
            })
            .collect()
    };
    let weights = pick("weight");
    let mut bmi = pick("bmi");
    if bmi.is_empty() {
        if let Some(h) = snap.height_m {
            bmi = weights
                .iter()
                .map(|p| Point {
                    date: p.date,
                    value: (p.value / (h * h) * 10.0).round() / 10.0,
                })
                .collect();
        }
    }
    snap.series
        .insert(Metric::Weight, series_slot(Metric::Weight, weights));
    snap.series
        .insert(Metric::Bmi, series_slot(Metric::Bmi, bmi));
    snap.series
        .insert(Metric::BodyFat, series_slot(Metric::BodyFat, pick("fat")));
    Ok(())
}

/// The answer of [`Endpoint::FoodLog`].
pub(super) fn food_log(a: &Answer, snap: &mut Snapshot) -> Result<(), String> {
    let v = &a.json;
    let today = snap.today;
    let s = &v["summary"];
    let day = NutritionDay {
        calories: num(&s["calories"]).unwrap_or(0.0),
        carbs_g: num(&s["carbs"]).unwrap_or(0.0),
        fat_g: num(&s["fat"]).unwrap_or(0.0),
        protein_g: num(&s["protein"]).unwrap_or(0.0),
        fiber_g: num(&s["fiber"]).unwrap_or(0.0),
        sodium_mg: num(&s["sodium"]).unwrap_or(0.0),
        water_ml: num(&s["water"]).unwrap_or(0.0),
        calorie_goal: num(&v["goals"]["calories"]),
    };
    let logged = !items(v, "foods").is_empty() || day.calories > 0.0 || day.water_ml > 0.0;
    set_point(
        snap,
        Metric::CaloriesIn,
        today,
        logged.then_some(day.calories),
    );
    set_point(
        snap,
        Metric::Water,
        today,
        (day.water_ml > 0.0).then_some(day.water_ml),
    );
    snap.nutrition = if logged {
        Slot::Ready(day)
    } else {
        Slot::NoData
    };
    Ok(())
}
