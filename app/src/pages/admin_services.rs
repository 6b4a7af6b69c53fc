//! The admins' services for appointments: a service's names and what to bring, changed
//! or added (which centres offer it is set on each centre). Checked here as on the
//! server (`Service::parse`); the server checks the role.

use helpdesk_shared::appointment::{Catalog, Service, Texts};
use leptos::prelude::*;

use super::admin::{refused, said_banner};
use crate::api;
use crate::form::{ErrorSummary, FormState, TextField, same_name};
use crate::i18n::{Key, Offices};
use crate::prefs::use_prefs;

const FIELDS: &[&str] = &["service_id", "title_ru", "title_en", "bring_ru", "bring_en"];

#[component]
pub fn ServicesAdmin(catalog: RwSignal<Catalog>) -> impl IntoView {
    let p = use_prefs();
    let chosen = RwSignal::new(
        catalog.with_untracked(|c| c.services.first().map(|s| s.id.clone()).unwrap_or_default()),
    );
    let said = RwSignal::new(None::<(bool, Key)>);
    let form = move || {
        let id = chosen.get();
        let service = catalog.with_untracked(|c| c.services.iter().find(|s| s.id == id).cloned());
        view! { <ServiceForm service catalog chosen said /> }
    };
    view! {
        <h3 id="services-title">{p.t(Offices::ServicesTitle)}</h3>
        <div class="field">
            <label class="label" for="field-service-pick">{p.t(Offices::ServiceChoose)}</label>
            <select id="field-service-pick" class="input" prop:value=move || chosen.get()
                on:change=move |ev| { said.set(None); chosen.set(event_target_value(&ev)) }>
                {move || catalog.with(|c| c.services.iter().map(|s| {
                    view! { <option value=s.id.clone()>{s.name.get(p.lang.get()).to_owned()}</option> }
                }).collect_view())}
                <option value="">{p.t(Offices::ServiceNew)}</option>
            </select>
        </div>
        {form}
    }
}

#[component]
fn ServiceForm(
    service: Option<Service>,
    catalog: RwSignal<Catalog>,
    chosen: RwSignal<String>,
    said: RwSignal<Option<(bool, Key)>>,
) -> impl IntoView {
    let p = use_prefs();
    let is_new = service.is_none();
    let s = service.unwrap_or_else(|| Service {
        id: String::new(),
        name: Texts::new("", ""),
        bring: Texts::new("", ""),
    });
    let id = RwSignal::new(s.id);
    let fields = [
        ("title_ru", Offices::TitleRu, s.name.ru),
        ("title_en", Offices::TitleEn, s.name.en),
        ("bring_ru", Offices::BringRu, s.bring.ru),
        ("bring_en", Offices::BringEn, s.bring.en),
    ]
    .map(|(name, label, v)| (name, label, RwSignal::new(v)));
    let state = FormState::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        said.set(None);
        let [tr, te, br, be] = fields.map(|(_, _, v)| v.get_untracked());
        let typed = Service {
            id: id.get_untracked().trim().to_owned(),
            name: Texts { ru: tr, en: te },
            bring: Texts { ru: br, en: be },
        };
        let service = match typed.parse() {
            Ok(s) => s,
            Err(errors) => return state.refuse(errors, same_name),
        };
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/admin/appointments/services/{}", service.id);
            match api::put::<_, Catalog>(&path, &service, false).await {
                Ok(c) => {
                    catalog.set(c);
                    said.set(Some((true, Offices::ServiceSaved.into())));
                    state.done();
                    if is_new {
                        chosen.set(service.id);
                    }
                }
                Err(f) => {
                    refused(state, said, f);
                    state.done();
                }
            }
        });
    };
    view! {
        <form novalidate class="panel" on:submit=submit aria-labelledby="service-form-title">
            <h4 id="service-form-title">{p.t(if is_new { Offices::ServiceNew } else { Offices::ServiceChoose })}</h4>
            {move || said.get().map(|s| said_banner(p, s))}
            <ErrorSummary errors=state.errors.into() order=FIELDS node=state.summary />
            {is_new.then(|| view! {
                <TextField name="service_id" label=Offices::ServiceId hint=Offices::ServiceIdHint value=id error=state.error("service_id") />
            })}
            {fields.into_iter().map(|(name, label, value)| {
                let bring = name.starts_with("bring");
                match bring {
                    true => view! { <TextField name label hint=Offices::BringHint value error=state.error(name) multiline=true /> }.into_any(),
                    false => view! { <TextField name label value error=state.error(name) /> }.into_any(),
                }
            }).collect_view()}
            <div class="button-row">
                <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Offices::ServiceSave)}</button>
            </div>
        </form>
    }
}
