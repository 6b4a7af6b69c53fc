//! The chat's socket: watches the chat, merges the messages its frames carry, shows the
//! other side typing, and reconnects by itself (1 s, then twice as long, at most 10 s),
//! reading what it missed each time. Without a socket (none deployed) the timer's
//! reading every beat keeps the chat going.

use helpdesk_shared::chat::{ChatState, ClientFrame, ServerFrame, Speaker};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};

use crate::view::Text;
use crate::{Auth, by_id, catch_up, chrome, current, merge, net, now_ms, with};

const RETRY_MAX_MS: i32 = 10_000;

/// Runs `f` after `ms` milliseconds.
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
    }
}

/// Sends a frame if the socket is open.
pub fn send(frame: &ClientFrame) {
    let socket = with(|s| if s.connected { s.socket.clone() } else { None }).flatten();
    if let Some(ws) = socket {
        let _ = ws.send_with_str(&serde_json::to_string(frame).unwrap_or_default());
    }
}

pub fn connect(generation: u32) {
    if !current(generation) {
        return;
    }
    let Some(url) = net::socket_url() else { return };
    let Ok(ws) = WebSocket::new(&url) else {
        retry(generation);
        return;
    };
    let onopen = Closure::once_into_js(move || {
        let watch = with(|s| {
            s.connected = true;
            s.retry_ms = 0;
            chrome(s);
            ClientFrame::Watch {
                chat: s.id.clone(),
                key: match &s.auth {
                    Auth::Key(k) => Some(k.clone()),
                    Auth::Session => None,
                },
            }
        });
        if let Some(watch) = watch {
            send(&watch);
            wasm_bindgen_futures::spawn_local(async move {
                catch_up(generation).await;
                crate::resend(generation).await;
            });
        }
    });
    ws.set_onopen(Some(onopen.unchecked_ref()));
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Some(text) = e.data().as_string()
            && let Ok(frame) = serde_json::from_str::<ServerFrame>(&text)
        {
            frame_in(generation, frame);
        }
    });
    ws.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    let onclose = Closure::once_into_js(move || {
        let ours = with(|s| {
            if s.generation != generation {
                return false;
            }
            s.connected = false;
            chrome(s);
            true
        });
        if ours == Some(true) {
            retry(generation);
        }
    });
    ws.set_onclose(Some(onclose.unchecked_ref()));
    with(|s| {
        s.socket = Some(ws);
        s.on_message = Some(onmessage);
    });
}

/// Tries again later, each time waiting longer (up to 10 s).
fn retry(generation: u32) {
    let wait = with(|s| {
        s.retry_ms = (s.retry_ms * 2).clamp(1_000, RETRY_MAX_MS);
        s.retry_ms
    });
    if let Some(ms) = wait {
        after(ms, move || connect(generation));
    }
}

fn frame_in(generation: u32, frame: ServerFrame) {
    let Some((id, staff)) = with(|s| (s.id.clone(), s.staff)) else {
        return;
    };
    match frame {
        ServerFrame::Messages {
            chat,
            state,
            messages,
        } if chat == id => {
            let changed = with(|s| s.state != state).unwrap_or(false);
            merge(generation, messages, Some(state));
            if changed || state == ChatState::Waiting {
                // The operator's name, the place in the queue: in the chat's view.
                wasm_bindgen_futures::spawn_local(catch_up(generation));
            }
        }
        ServerFrame::Resync { chat } if chat == id => {
            wasm_bindgen_futures::spawn_local(catch_up(generation));
        }
        ServerFrame::Typing { chat, from } if chat == id => {
            let theirs = if staff {
                Speaker::Citizen
            } else {
                Speaker::Operator
            };
            if from == theirs {
                typing(generation, staff);
            }
        }
        _ => {}
    }
}

/// "Оператор печатает…" for five seconds after the last frame that said so.
fn typing(generation: u32, staff: bool) {
    let Some(lang) = with(|s| {
        s.typing_until = now_ms() + 5_000.0;
        s.lang
    }) else {
        return;
    };
    use helpdesk_shared::chat_words::Words;
    let who = if staff {
        Words::Citizen
    } else {
        Words::Operator
    };
    if let Some(line) = by_id::<web_sys::Element>("chat-typing") {
        line.set_text_content(Some(&format!(
            "{} {}",
            who.text(lang),
            Text::Typing.text(lang)
        )));
    }
    after(5_100, move || {
        let over = with(|s| s.generation == generation && now_ms() >= s.typing_until);
        if over == Some(true)
            && let Some(line) = by_id::<web_sys::Element>("chat-typing")
        {
            line.set_text_content(None);
        }
    });
}
