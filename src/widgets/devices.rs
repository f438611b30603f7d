//! Devices: battery level and last sync of each tracker and scale.

use super::{slot_notice, Ctx};
use crate::model::DeviceKind;
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(devices) = cx.snap.devices.ready() else {
        return slot_notice(&cx.snap.devices, "No devices paired.")
            .unwrap_or_else(|| ().into_any());
    };
    if devices.is_empty() {
        return view! { <p class="notice">"No devices are paired with this account."</p> }
            .into_any();
    }
    let rows = devices
        .iter()
        .map(|d| {
            let kind = match d.kind {
                DeviceKind::Tracker => "Tracker",
                DeviceKind::Scale => "Scale",
                DeviceKind::Other => "Device",
            };
            let battery = d.battery_percent.map(|b| b.to_string());
            let low = d.battery_percent.is_some_and(|b| b <= 20);
            let sync = d.last_sync.as_deref().map(|s| s.replacen('T', " ", 1).get(..16).unwrap_or_default().to_string()).unwrap_or_else(|| "never".into());
            // A tracker that has not synced for more than a day shows old data.
            let days_since = d.last_sync.as_deref().and_then(|s| crate::date::Date::parse(s.get(..10)?).ok()).map(|day| cx.snap.today.days_since(day));
            let stale = days_since.filter(|n| *n > 1).map(|n| view! { <span class="sync-warn" role="note">{format!("Not synced for {n} days")}</span> });
            view! {
                <li class="device">
                    <span class="device-name">{d.name.clone()}</span>
                    <span class="device-kind">{kind}</span>
                    <span class="battery" class:low=low>
                        {battery.map(|b| format!("Battery {b}%")).unwrap_or_else(|| "Battery unknown".into())}
                    </span>
                    <span class="sync">"Last sync " {sync}</span>
                    {stale}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="devices">{rows}</ul> }.into_any()
}
