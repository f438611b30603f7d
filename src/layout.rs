//! Which widgets the dashboard shows, in which order (remembered in localStorage).

use crate::jsontext::FromJson;
use crate::model::{Intraday, Need};
use crate::widgets::registry::{WidgetSpec, WIDGETS};
use serde::Serialize;

pub const KEY: &str = crate::keys::LAYOUT;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Layout {
    /// Widget ids in the order chosen; widgets not listed follow in registry order.
    pub order: Vec<String>,
    pub hidden: Vec<String>,
}

crate::from_json_struct! { Layout { order, hidden } }

impl Layout {
    pub fn parse(s: Option<&str>) -> Layout {
        s.and_then(Layout::from_json).unwrap_or_default()
    }

    /// Every widget, in display order (hidden ones included).
    pub fn ordered(&self) -> Vec<&'static WidgetSpec> {
        let mut out: Vec<&'static WidgetSpec> = self
            .order
            .iter()
            .filter_map(|id| crate::widgets::registry::find(id))
            .collect();
        out.dedup_by_key(|w| w.id);
        for w in WIDGETS {
            if !out.iter().any(|x| x.id == w.id) {
                out.push(w);
            }
        }
        out
    }

    /// The widgets to show, in order.
    pub fn shown(&self) -> Vec<&'static WidgetSpec> {
        self.ordered()
            .into_iter()
            .filter(|w| !self.is_hidden(w.id))
            .collect()
    }

    pub fn is_hidden(&self, id: &str) -> bool {
        self.hidden.iter().any(|h| h == id)
    }

    pub fn toggle(&mut self, id: &str) {
        if self.is_hidden(id) {
            self.hidden.retain(|h| h != id);
        } else {
            self.hidden.push(id.to_string());
        }
    }

    /// What the shown widgets need (hidden widgets cost nothing); `intraday` adds the opt-in
    /// minute-by-minute curves of shown widgets. A source plans its requests from these.
    pub fn needs(&self, intraday: bool) -> Vec<Need> {
        let shown = self.shown();
        let mut needs: Vec<Need> = shown.iter().flat_map(|w| w.needs.iter().copied()).collect();
        needs.push(Need::Profile);
        if intraday {
            if shown.iter().any(|w| w.id == "activity") {
                needs.push(Need::Intraday(Intraday::Steps));
            }
            if shown.iter().any(|w| w.id == "heart") {
                needs.push(Need::Intraday(Intraday::HeartRate));
            }
        }
        needs
    }

    /// Moves a widget one place earlier (`-1`) or later (`+1`).
    pub fn shift(&mut self, id: &str, by: i32) {
        let mut ids: Vec<String> = self.ordered().iter().map(|w| w.id.to_string()).collect();
        let Some(i) = ids.iter().position(|x| x == id) else {
            return;
        };
        let j = i as i32 + by;
        if j < 0 || j as usize >= ids.len() {
            return;
        }
        ids.swap(i, j as usize);
        self.order = ids;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(l: &[&WidgetSpec]) -> Vec<&'static str> {
        l.iter().map(|w| w.id).collect()
    }

    #[test]
    fn default_is_the_registry_order_with_everything_shown() {
        let l = Layout::default();
        assert_eq!(
            ids(&l.shown()),
            WIDGETS.iter().map(|w| w.id).collect::<Vec<_>>()
        );
    }

    #[test]
    fn moving_and_hiding_are_remembered_through_json() {
        let mut l = Layout::default();
        l.shift("sleep", -1);
        l.shift("activity", -1); // already first: no change
        l.toggle("friends");
        let back = Layout::parse(Some(&serde_json::to_string(&l).unwrap()));
        let shown = ids(&back.shown());
        assert_eq!(&shown[..3], &["activity", "sleep", "heart"]);
        assert!(!shown.contains(&"friends"));
        let mut again = back.clone();
        again.toggle("friends");
        assert!(ids(&again.shown()).contains(&"friends"));
    }

    #[test]
    fn the_plan_follows_the_shown_widgets_and_the_intraday_choice() {
        use crate::fitbit::endpoints::{plan, Endpoint};
        use crate::scope::Scope;
        let all = Layout::default();
        assert_eq!(plan(&all.needs(false), &Scope::ALL).len(), 18);
        assert_eq!(plan(&all.needs(true), &Scope::ALL).len(), 20);
        let mut fewer = Layout::default();
        fewer.toggle("friends");
        fewer.toggle("heart");
        let p = plan(&fewer.needs(true), &Scope::ALL);
        assert!(
            !p.contains(&Endpoint::Leaderboard)
                && !p.contains(&Endpoint::Heart)
                && !p.contains(&Endpoint::HeartIntraday)
        );
        assert!(p.contains(&Endpoint::StepsIntraday));
    }

    #[test]
    fn unknown_ids_and_garbage_are_ignored_and_new_widgets_still_appear() {
        let l = Layout {
            order: vec!["gone".into(), "devices".into(), "devices".into()],
            hidden: vec!["nope".into()],
        };
        let shown = ids(&l.shown());
        assert_eq!(shown[0], "devices");
        assert_eq!(shown.len(), WIDGETS.len());
        assert_eq!(Layout::parse(Some("{{")), Layout::default());
    }
}
