//! Staff sign-in and the workspace's landing page.

use helpdesk_shared::FieldError;
use helpdesk_shared::auth::{Me, Role, StaffSignInRequest};
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use super::admin::AdminHome;
use super::queue::Queue;
use super::signin::failure_text;
use crate::api;
use crate::banner::Banner;
use crate::form::{ErrorSummary, TextField, error_for, focus_after_render};
use crate::i18n::{Account, Admin, Key, Reports, Site, Workspace};
use crate::prefs::use_prefs;
use crate::session::use_session;

#[component]
pub fn StaffSignIn() -> impl IntoView {
    let p = use_prefs();
    crate::page::title(Account::StaffSigninTitle);
    let session = use_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let banner = Banner::new();
    let busy = RwSignal::new(false);
    let summary = NodeRef::<leptos::html::Div>::new();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.clear();
        let (l, pw) = (login.get_untracked(), password.get_untracked());
        let missing: Vec<FieldError> = [("login", &l), ("password", &pw)]
            .into_iter()
            .filter(|(_, v)| v.trim().is_empty())
            .map(|(f, _)| FieldError::new(f, helpdesk_shared::FieldCode::Required))
            .collect();
        errors.set(missing.clone());
        if !missing.is_empty() {
            focus_after_render(summary);
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let req = StaffSignInRequest {
                login: l,
                password: pw,
            };
            match api::post::<_, Me>("/auth/staff", &req).await {
                Ok(me) => {
                    session.me.set(Some(Some(me)));
                    password.set(String::new());
                    navigate("/staff", Default::default());
                }
                Err(f) => banner.say_text(move |lang| failure_text(lang, &f)),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{p.t(Account::StaffSigninTitle)}</h1>
        {move || session.citizen().then(|| view! { <div class="banner" role="status">{p.t(Account::StaffCitizen)}</div> })}
        <ErrorSummary errors=errors.into() order=&["login", "password"] node=summary />
        {banner.view()}
        <form novalidate class="narrow" on:submit=submit>
            <TextField name="login" label=Account::StaffLogin value=login error=error_for(errors.into(), "login") autocomplete="username" />
            <TextField name="password" label=Account::StaffPassword value=password error=error_for(errors.into(), "password") input_type="password" autocomplete="current-password" />
            <button type="submit" class="button" aria-disabled=move || busy.get().to_string()>{p.t(Account::StaffSubmit)}</button>
        </form>
    }
}

/// The workspace's start: who is signed in, and the queue (the admin's page for admins).
#[component]
pub fn StaffHome() -> impl IntoView {
    let p = use_prefs();
    let session = use_session();
    crate::page::title_with(move |lang| {
        let admin = matches!(
            session.me.get(),
            Some(Some(Me::Staff {
                role: Role::Admin,
                ..
            }))
        );
        if admin {
            Admin::Title.text(lang)
        } else {
            Workspace::QueueTitle.text(lang)
        }
        .to_owned()
    });
    let sign_out = move |everywhere: bool| {
        leptos::task::spawn_local(async move {
            session.sign_out(everywhere, "/staff/signin").await;
        });
    };
    move || {
        match session.me.get() {
            None => view! { <p aria-busy="true">"…"</p> }.into_any(),
            Some(Some(Me::Staff {
                name,
                role,
                department,
                ..
            })) => {
                // Admins keep the service's settings and read the audit trail; they do not
                // work requests (the server refuses them the queue).
                let admin = role == Role::Admin;
                view! {
                <div class="workspace-head">
                    <h1>{p.t(if admin { Key::from(Admin::Title) } else { Key::from(Workspace::QueueTitle) })}</h1>
                    <p class="meta">
                        <strong>{name}</strong>" · "{move || role.title(p.lang.get())}
                        {department.map(|d| view! { " · "{move || d.title(p.lang.get())} })}
                    </p>
                    <p class="head-links">
                        {matches!(role, Role::Operator | Role::Specialist | Role::Supervisor).then(|| view! {
                            <A href="/staff/chats">{p.t(Workspace::ChatsTitle)}</A>
                        })}
                        {matches!(role, Role::Operator | Role::Supervisor).then(|| view! {
                            <A href="/staff/appointments">{p.t(Workspace::DayTitle)}</A>
                        })}
                        {matches!(role, Role::Supervisor | Role::Admin).then(|| view! {
                            <A href="/staff/reports">{p.t(Reports::Open)}</A>
                        })}
                    </p>
                </div>
                {if admin { view! { <AdminHome /> }.into_any() } else { view! { <Queue /> }.into_any() }}
                <div class="button-row">
                    <button type="button" class="button button-secondary" on:click=move |_| sign_out(false)>{p.t(Site::MineSignout)}</button>
                    <button type="button" class="link-button" on:click=move |_| sign_out(true)>{p.t(Account::MineSignoutAll)}</button>
                </div>
            }.into_any()
            }
            Some(_) => view! { <Redirect path="/staff/signin" /> }.into_any(),
        }
    }
}
