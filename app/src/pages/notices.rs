//! Notifications: the bell in the header (a signed-in citizen's unread count, asked
//! every 30 s), the notification centre with the preferences for all requests
//! (`/notifications`), and on a request's page its own preferences and what was sent
//! where (`RequestNotifications`).

use helpdesk_shared::notice::{
    Channel, Notices as NoticeList, Prefs, PushInfo, Quiet, RequestNotices, RequestPrefs,
    SeenRequest, Topic, UNREAD_MAX, UnreadCount,
};
use helpdesk_shared::{Lang, ProblemCode, TicketNumber};
use leptos::prelude::*;
use leptos_router::components::A;

use super::moscow;
use super::ticket::{action_path, ticket_failure};
use crate::api::{self, ApiFailure};
use crate::banner::Banner;
use crate::form::{ErrorSummary, FormState, error_for, same_name};
use crate::i18n::{Notices, Site, notice_text};
use crate::load::{common_failure, show};
use crate::prefs::use_prefs;
use crate::session::use_session;

/// How often the bell and the open centre ask for news.
const POLL_MS: u64 = 30_000;

/// The unread count the bell shows, shared by the header and the centre.
#[derive(Clone, Copy)]
pub struct Bell {
    pub unread: RwSignal<u32>,
}

impl Bell {
    /// Provides the bell and keeps its count fresh while a citizen is signed in.
    pub fn provide() {
        let bell = Bell {
            unread: RwSignal::new(0),
        };
        provide_context(bell);
        let session = use_session();
        Effect::new(move |_| {
            if session.citizen() {
                bell.refresh();
            }
        });
        let _ = set_interval_with_handle(
            move || {
                if session.citizen() {
                    bell.refresh();
                }
            },
            std::time::Duration::from_millis(POLL_MS),
        );
    }

    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            if let Ok(n) = api::get::<UnreadCount>("/my/notifications/unread").await {
                self.unread.set(n.unread);
            }
        });
    }
}

/// The header's bell: a link to the centre, its unread count in the name.
#[component]
pub fn BellLink() -> impl IntoView {
    let p = use_prefs();
    let bell = expect_context::<Bell>();
    // Every page change asks too, so news shows on the next page, not 30 s later.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        bell.refresh();
    });
    let label = move || {
        let n = bell.unread.get();
        let name = p.t(Site::Bell)();
        match n {
            0 => name.to_owned(),
            n => format!("{name}: {n} {}", p.t(Site::BellUnread)()),
        }
    };
    view! {
        <A href="/notifications" attr:class="bell" attr:aria-label=label>
            <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" focusable="false">
                <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/>
            </svg>
            {move || match bell.unread.get() {
                0 => None,
                n if n >= UNREAD_MAX => Some(view! { <span class="badge">{format!("{UNREAD_MAX}+")}</span> }.into_any()),
                n => Some(view! { <span class="badge">{n}</span> }.into_any()),
            }}
        </A>
    }
}

/// `/notifications`: the centre and the preferences for all requests.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    super::mine::citizen_only(Centre)
}

#[component]
fn Centre() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Notices::Title);
    let bell = expect_context::<Bell>();
    let list = LocalResource::new(|| api::get::<NoticeList>("/my/notifications"));
    // New ones appear without a reload.
    if let Ok(handle) = set_interval_with_handle(
        move || list.refetch(),
        std::time::Duration::from_millis(POLL_MS),
    ) {
        on_cleanup(move || handle.clear());
    }
    // What is shown is seen: marked read on the server, the bell cleared.
    Effect::new(move |_| {
        let Some(Ok(n)) = list.get() else { return };
        let Some(newest) = n.items.first().filter(|i| i.unread).map(|i| i.at) else {
            return;
        };
        bell.unread.set(0);
        leptos::task::spawn_local(async move {
            let _ = api::post_empty("/my/notifications/seen", &SeenRequest { up_to: newest }).await;
            // Asked again after the mark, so a count asked before it cannot linger in the
            // bell.
            bell.refresh();
        });
    });
    let prefs = LocalResource::new(|| api::get::<Prefs>("/my/notifications/prefs"));
    let push = LocalResource::new(|| api::get::<PushInfo>("/my/push"));
    // Push is a column of the preferences once a browser receives it.
    let available = move || {
        let pushing = matches!(push.get(), Some(Ok(PushInfo { devices: 1.., .. })));
        Channel::ALL
            .into_iter()
            .filter(|c| *c != Channel::Push || pushing)
            .collect::<Vec<_>>()
    };
    let on_change = Callback::new(move |()| prefs.refetch());
    view! {
        <h1>{p.t(Notices::Title)}</h1>
        <p class="lead">{p.t(Notices::Lead)}</p>
        <section aria-labelledby="notices-title">
            <h2 id="notices-title">{p.t(Notices::ListTitle)}</h2>
            {show(list, common_failure, notice_list)}
        </section>
        <super::push::PushSwitch info=push on_change />
        {move || show(prefs, common_failure, move |prefs: Prefs| view! {
            <PrefsForm prefs=prefs available=available() target=Target::Citizen />
        }.into_any())}
    }
}

fn notice_list(list: NoticeList) -> AnyView {
    let p = use_prefs();
    if list.items.is_empty() {
        return view! { <p>{p.t(Notices::Empty)}</p> }.into_any();
    }
    view! {
        <ul class="notices">
            {list.items.into_iter().map(|n| {
                let href = format!("/my/{}", TicketNumber::path_segment(&n.number));
                let number = n.number.clone();
                view! {
                    <li class:unread=n.unread>
                        <A href=href>{move || notice_text(p.lang.get(), n.kind, &number)}</A>
                        {n.unread.then(|| view! { " " <span class="badge badge-new">{p.t(Notices::New)}</span> })}
                        <p class="meta"><time datetime=n.at.to_string()>{format!("{} МСК", moscow(n.at))}</time></p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Where preferences are saved.
#[derive(Clone)]
pub enum Target {
    /// The signed-in citizen's, for all their requests.
    Citizen,
    /// One request's: by access code, or as its signed-in owner (`code: None`).
    Request {
        number: String,
        code: Option<String>,
        on_saved: Callback<RequestNotices>,
    },
}

fn topic_key(t: Topic) -> Notices {
    match t {
        Topic::Status => Notices::TopicStatus,
        Topic::InfoAsked => Notices::TopicInfo,
        Topic::Answer => Notices::TopicAnswer,
        Topic::Reminder => Notices::TopicReminder,
    }
}

pub(super) fn channel_key(c: Channel) -> Notices {
    match c {
        Channel::Sms => Notices::ChannelSms,
        Channel::Email => Notices::ChannelEmail,
        Channel::App => Notices::ChannelApp,
        Channel::Push => Notices::ChannelPush,
    }
}

/// Channels per topic as checkboxes, the language, quiet hours.
#[component]
pub fn PrefsForm(prefs: Prefs, available: Vec<Channel>, target: Target) -> impl IntoView {
    let p = use_prefs();
    let chosen = RwSignal::new(prefs.channels.clone());
    let language = RwSignal::new(prefs.language);
    let quiet_on = RwSignal::new(prefs.quiet.is_some());
    let (from0, to0) = prefs
        .quiet
        .clone()
        .map(|q| (q.from, q.to))
        .unwrap_or_else(|| ("22:00".into(), "08:00".into()));
    let from = RwSignal::new(from0);
    let to = RwSignal::new(to0);
    let state = FormState::new();
    let banner = Banner::new();
    let prefix = match &target {
        Target::Citizen => "all",
        Target::Request { .. } => "req",
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let wanted = Prefs {
            channels: chosen.get_untracked(),
            language: language.get_untracked(),
            quiet: quiet_on.get_untracked().then(|| Quiet {
                from: from.get_untracked(),
                to: to.get_untracked(),
            }),
        };
        if let Err(errs) = wanted.checked() {
            return state.refuse(errs, same_name);
        }
        if !state.start() {
            return;
        }
        let target = target.clone();
        leptos::task::spawn_local(async move {
            let result = match &target {
                Target::Citizen => api::post::<_, Prefs>("/my/notifications/prefs", &wanted)
                    .await
                    .map(|_| ()),
                Target::Request {
                    number,
                    code,
                    on_saved,
                } => {
                    let path = action_path(number, code.is_some(), "notifications/prefs");
                    let body = RequestPrefs {
                        access_code: code.clone().unwrap_or_default(),
                        prefs: wanted,
                    };
                    api::post::<_, RequestNotices>(&path, &body)
                        .await
                        .map(|n| on_saved.run(n))
                }
            };
            match result {
                Ok(()) => banner.done(Notices::Saved),
                Err(ApiFailure::Problem(pb)) if pb.code == ProblemCode::Validation => {
                    state.refuse(pb.errors, same_name)
                }
                Err(f) => banner.fail(&f, ticket_failure),
            }
            state.done();
        });
    };
    let rows = Topic::ALL.map(|topic| {
        // Push shows only where a browser receives it; the rest say what is missing.
        let channels = Channel::ALL
            .into_iter()
            .filter(|c| *c != Channel::Push || available.contains(c));
        let boxes = channels.map(|channel| {
            let id = format!("{prefix}-{}-{}", topic.code(), channel.name());
            let has = available.contains(&channel);
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                chosen.update(|c| {
                    let list = c.get_mut(topic);
                    list.retain(|x| *x != channel);
                    if on {
                        list.push(channel);
                    }
                });
            };
            view! {
                <div class="field checkbox">
                    <input id=id.clone() type="checkbox" disabled=!has
                        prop:checked=move || has && chosen.with(|c| c.get(topic).contains(&channel))
                        on:change=toggle />
                    <label for=id>{p.t(channel_key(channel))}
                        {(!has).then(|| view! { " — " <span class="hint">{p.t(Notices::NoAddress)}</span> })}
                    </label>
                </div>
            }
        });
        view! {
            <fieldset class="field">
                <legend class="label">{p.t(topic_key(topic))}</legend>
                {boxes.collect_view()}
            </fieldset>
        }
    });
    let lang_name = format!("{prefix}-language");
    view! {
        <section aria-labelledby=format!("{prefix}-prefs-title")>
            <h2 id=format!("{prefix}-prefs-title")>{p.t(Notices::PrefsTitle)}</h2>
            <p class="hint">{p.t(Notices::PrefsLead)}</p>
            <ErrorSummary errors=state.errors.into() order=&["quiet_from", "quiet_to"] node=state.summary />
            <form novalidate on:submit=send class="prefs-form">
                {rows.into_iter().collect_view()}
                <fieldset class="field">
                    <legend class="label">{p.t(Notices::Language)}</legend>
                    {[(Lang::Ru, "Русский"), (Lang::En, "English")].map(|(lang, name)| view! {
                        <label class="inline-choice">
                            <input type="radio" name=lang_name.clone() value=lang.code()
                                prop:checked=move || language.get() == lang
                                on:change=move |_| language.set(lang) />
                            " "{name}
                        </label>
                    }).into_iter().collect_view()}
                </fieldset>
                <div class="field checkbox">
                    <input id=format!("{prefix}-quiet") type="checkbox" prop:checked=move || quiet_on.get()
                        on:change=move |ev| quiet_on.set(event_target_checked(&ev)) />
                    <label for=format!("{prefix}-quiet")>{p.t(Notices::Quiet)}</label>
                </div>
                {move || quiet_on.get().then(|| view! {
                    <p class="hint">{p.t(Notices::QuietHint)}</p>
                    <div class="quiet-times">
                        <TimeField id="field-quiet_from" label=Notices::QuietFrom value=from error=error_for(state.errors.into(), "quiet_from") />
                        <TimeField id="field-quiet_to" label=Notices::QuietTo value=to error=error_for(state.errors.into(), "quiet_to") />
                    </div>
                })}
                {banner.view()}
                <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Notices::Save)}</button>
            </form>
        </section>
    }
}

#[component]
fn TimeField(
    id: &'static str,
    label: Notices,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let p = use_prefs();
    let err_id = format!("{id}-error");
    let described = err_id.clone();
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label class="label" for=id>{p.t(label)}</label>
            {move || error.get().map(|m| view! { <p class="error-message" id=err_id.clone()>{m}</p> })}
            <input id=id type="time" class="input input-time" prop:value=move || value.get()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || error.get().map(|_| described.clone())
                on:input=move |ev| value.set(event_target_value(&ev)) />
        </div>
    }
}

/// On a request's page: opened on demand, its preferences and delivery log.
#[component]
pub fn RequestNotifications(number: String, code: Option<String>) -> impl IntoView {
    let p = use_prefs();
    let loaded = RwSignal::new(None::<RequestNotices>);
    let banner = Banner::new();
    let busy = RwSignal::new(false);
    let (n, c) = (number.clone(), code.clone());
    let load = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        banner.clear();
        let (number, code) = (n.clone(), c.clone());
        leptos::task::spawn_local(async move {
            let result = match &code {
                Some(code) => {
                    let path = action_path(&number, true, "notifications");
                    let body = helpdesk_shared::api::LookupRequest {
                        number: String::new(),
                        access_code: code.clone(),
                    };
                    api::post::<_, RequestNotices>(&path, &body).await
                }
                None => {
                    api::get::<RequestNotices>(&action_path(&number, false, "notifications")).await
                }
            };
            match result {
                Ok(n) => loaded.set(Some(n)),
                Err(f) => banner.fail(&f, ticket_failure),
            }
            busy.set(false);
        });
    };
    let on_saved = Callback::new(move |n: RequestNotices| loaded.set(Some(n)));
    let resend_banner = Banner::new();
    let resending = RwSignal::new(false);
    let (rn, rc) = (number.clone(), code.clone());
    let resend = move |_| {
        if resending.get_untracked() {
            return;
        }
        resending.set(true);
        resend_banner.clear();
        let (number, code) = (rn.clone(), rc.clone());
        leptos::task::spawn_local(async move {
            let path = action_path(&number, code.is_some(), "notifications/resend");
            let body = helpdesk_shared::api::LookupRequest {
                number: String::new(),
                access_code: code.unwrap_or_default(),
            };
            match api::post::<_, RequestNotices>(&path, &body).await {
                Ok(n) => {
                    loaded.set(Some(n));
                    resend_banner.done(Notices::ResendDone);
                }
                Err(f) => resend_banner.fail(&f, resend_failure),
            }
            resending.set(false);
        });
    };
    view! {
        <section aria-labelledby="request-notices-title" class="request-notices">
            <h2 id="request-notices-title">{p.t(Notices::RequestTitle)}</h2>
            {move || match loaded.get() {
                None => view! {
                    {banner.view()}
                    <button type="button" class="button button-secondary" aria-disabled=move || busy.get().to_string()
                        on:click=load.clone()>{p.t(Notices::Load)}</button>
                }.into_any(),
                Some(n) => {
                    let own = if n.own { Notices::RequestOwn } else { Notices::RequestInherited };
                    view! {
                        <super::deliveries::DeliveryLog deliveries=n.deliveries.clone() />
                        <p class="hint">{p.t(Notices::ResendHint)}</p>
                        {resend_banner.view()}
                        <button type="button" class="button button-secondary" aria-disabled=move || resending.get().to_string()
                            on:click=resend.clone()>{p.t(Notices::ResendButton)}</button>
                        <details class="request-prefs">
                            <summary>{p.t(Notices::PrefsOpen)}</summary>
                            <p class="hint">{p.t(own)}</p>
                            <PrefsForm prefs=n.prefs.clone() available=n.available.clone()
                                target=Target::Request { number: number.clone(), code: code.clone(), on_saved } />
                        </details>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// A refused resend: nothing sent yet (409), else as for the request's page (a 429 says
/// the wait by itself).
fn resend_failure(failure: &ApiFailure) -> crate::i18n::Key {
    match failure.status() {
        409 => Notices::NothingToResend.into(),
        _ => ticket_failure(failure),
    }
}
