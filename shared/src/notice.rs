//! Notifications as the citizen chooses them: the kinds of news (`Topic`), the channels,
//! the preferences (`Prefs`: channels per topic, language, quiet hours) and the pure
//! decision of which channels a piece of news goes to and when (`Prefs::plan`); the
//! in-app notifications and the delivery log as the SPA reads them.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, Time};

use crate::{FieldCode, FieldError, Lang, Status};

/// What a piece of news is about; the citizen chooses channels per topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Received, status changed, passed to specialists.
    Status,
    /// Staff ask the citizen for information.
    InfoAsked,
    /// Staff answered.
    Answer,
    /// A reminder of something the citizen is to do.
    Reminder,
}

impl Topic {
    pub const ALL: [Topic; 4] = [
        Topic::Status,
        Topic::InfoAsked,
        Topic::Answer,
        Topic::Reminder,
    ];

    /// As in the JSON (`status`, `info_asked`, `answer`, `reminder`).
    pub fn code(self) -> &'static str {
        match self {
            Topic::Status => "status",
            Topic::InfoAsked => "info_asked",
            Topic::Answer => "answer",
            Topic::Reminder => "reminder",
        }
    }
}

/// Where a message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Sms,
    Email,
    /// The notification centre of the site (the bell), for a signed-in citizen.
    App,
    /// The browsers a signed-in citizen turned push notifications on in.
    Push,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Sms, Channel::Email, Channel::App, Channel::Push];

    /// As in delivery records and the outbox (`sms`, `email`, `app`).
    pub fn name(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::App => "app",
            Channel::Push => "push",
        }
    }

    /// Held during quiet hours: what may wake someone (an e-mail or the bell does not).
    pub fn disturbs(self) -> bool {
        matches!(self, Channel::Sms | Channel::Push)
    }
}

/// Channels per topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TopicChannels {
    pub status: Vec<Channel>,
    pub info_asked: Vec<Channel>,
    pub answer: Vec<Channel>,
    pub reminder: Vec<Channel>,
}

impl TopicChannels {
    pub fn get(&self, topic: Topic) -> &[Channel] {
        match topic {
            Topic::Status => &self.status,
            Topic::InfoAsked => &self.info_asked,
            Topic::Answer => &self.answer,
            Topic::Reminder => &self.reminder,
        }
    }

    pub fn get_mut(&mut self, topic: Topic) -> &mut Vec<Channel> {
        match topic {
            Topic::Status => &mut self.status,
            Topic::InfoAsked => &mut self.info_asked,
            Topic::Answer => &mut self.answer,
            Topic::Reminder => &mut self.reminder,
        }
    }
}

/// Quiet hours, Moscow time, `HH:MM`; may span midnight (`22:00`–`08:00`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Quiet {
    pub from: String,
    pub to: String,
}

/// A citizen's choice, for all their requests (signed in) or for one request (by its
/// number and code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Prefs {
    pub channels: TopicChannels,
    /// The language messages are written in.
    pub language: Lang,
    /// No SMS between these times; held ones go out when they end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet: Option<Quiet>,
}

/// When one channel sends: now, or when quiet hours end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub channel: Channel,
    /// `None`: at once.
    pub hold_until: Option<OffsetDateTime>,
}

/// `HH:MM` → minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

impl Prefs {
    /// What the citizen gave when submitting: every topic by SMS, e-mail and in the app
    /// (each where there is an address for it), in the request's language, no quiet
    /// hours. Never push: a browser joins when the citizen turns it on (`with_push`).
    pub fn defaults(language: Lang) -> Prefs {
        let all = vec![Channel::Sms, Channel::Email, Channel::App];
        Prefs {
            channels: TopicChannels {
                status: all.clone(),
                info_asked: all.clone(),
                answer: all.clone(),
                reminder: all,
            },
            language,
            quiet: None,
        }
    }

    /// The same preferences, checked and tidied (channels once each, in order), or what
    /// to fix: `quiet_from`, `quiet_to` (`HH:MM`, different times).
    pub fn checked(&self) -> Result<Prefs, Vec<FieldError>> {
        let mut errors = Vec::new();
        let quiet = match &self.quiet {
            None => None,
            Some(q) => {
                let (from, to) = (parse_hhmm(q.from.trim()), parse_hhmm(q.to.trim()));
                if from.is_none() {
                    errors.push(FieldError::new("quiet_from", FieldCode::TimeFormat));
                }
                if to.is_none() {
                    errors.push(FieldError::new("quiet_to", FieldCode::TimeFormat));
                }
                match (from, to) {
                    (Some(f), Some(t)) if f == t => {
                        errors.push(FieldError::new("quiet_to", FieldCode::UnknownValue));
                        None
                    }
                    (Some(f), Some(t)) => Some(Quiet {
                        from: format!("{:02}:{:02}", f / 60, f % 60),
                        to: format!("{:02}:{:02}", t / 60, t % 60),
                    }),
                    _ => None,
                }
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut channels = self.channels.clone();
        for topic in Topic::ALL {
            let list = channels.get_mut(topic);
            list.sort();
            list.dedup();
        }
        Ok(Prefs {
            channels,
            language: self.language,
            quiet,
        })
    }

    /// The same with push for every topic: what turning push on in a browser means
    /// until the citizen unticks some.
    pub fn with_push(mut self) -> Prefs {
        for topic in Topic::ALL {
            let list = self.channels.get_mut(topic);
            if !list.contains(&Channel::Push) {
                list.push(Channel::Push);
            }
        }
        self
    }

    /// The channels `topic` goes to among those `available` (an address exists), each
    /// sent at once or, for SMS in quiet hours, held until they end.
    pub fn plan(&self, topic: Topic, available: &[Channel], now: OffsetDateTime) -> Vec<Planned> {
        let hold = self.quiet_end(now);
        self.channels
            .get(topic)
            .iter()
            .filter(|c| available.contains(c))
            .map(|&channel| Planned {
                channel,
                hold_until: hold.filter(|_| channel.disturbs()),
            })
            .collect()
    }

    /// When the quiet hours `now` falls in end; `None` outside them.
    pub fn quiet_end(&self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        let q = self.quiet.as_ref()?;
        let (from, to) = (parse_hhmm(&q.from)?, parse_hhmm(&q.to)?);
        let local = now.to_offset(crate::moscow::OFFSET);
        let minute = u16::from(local.hour()) * 60 + u16::from(local.minute());
        let inside = if from < to {
            (from..to).contains(&minute)
        } else {
            minute >= from || minute < to
        };
        if !inside {
            return None;
        }
        let end = Time::from_hms((to / 60) as u8, (to % 60) as u8, 0).ok()?;
        let mut at = local.replace_time(end);
        if at <= local {
            at += Duration::days(1);
        }
        Some(at.to_offset(time::UtcOffset::UTC))
    }
}

/// What a notification says, for the SPA to word in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoticeKind {
    Received,
    StatusChanged { status: Status },
    InfoAsked,
    Answered,
    Escalated,
    Reminder,
}

impl NoticeKind {
    pub fn topic(self) -> Topic {
        match self {
            NoticeKind::Received | NoticeKind::StatusChanged { .. } | NoticeKind::Escalated => {
                Topic::Status
            }
            NoticeKind::InfoAsked => Topic::InfoAsked,
            NoticeKind::Answered => Topic::Answer,
            NoticeKind::Reminder => Topic::Reminder,
        }
    }
}

/// One notification in the site's notification centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    /// The event's id: stable, for marking as seen.
    pub id: String,
    /// The request's number, `123-456-789`.
    pub number: String,
    #[serde(flatten)]
    pub kind: NoticeKind,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Newer than what the citizen last saw.
    pub unread: bool,
}

/// The notification centre: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notices {
    pub items: Vec<Notice>,
    /// How many are unread (counted up to `UNREAD_MAX`).
    pub unread: u32,
}

/// The unread count the bell shows, counted up to this ("99+").
pub const UNREAD_MAX: u32 = 99;

/// The bell's count (`GET /my/notifications/unread`), up to `UNREAD_MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    pub unread: u32,
}

/// A held message's `error` when the citizen turned its channel off before it went.
pub const ERROR_TURNED_OFF: &str = "channel_turned_off";
/// An e-mail's `error` when its address bounced for good or its owner complained: no
/// more mail goes there.
pub const ERROR_BOUNCED: &str = "address_bounced";

/// "Seen up to here" (`POST /my/notifications/seen`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SeenRequest {
    #[serde(with = "time::serde::rfc3339")]
    pub up_to: OffsetDateTime,
}

/// Whether a message went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for the quiet hours to end (`hold_until`).
    Held,
    /// The provider failed `attempts` times; tried again at `hold_until`.
    Retrying,
    /// Handed to the channel's provider (shown in the app, for `app`).
    Sent,
    /// The provider reported it delivered (an SMS reaching the phone, an e-mail taken
    /// by the recipient's mail server).
    Delivered,
    /// The provider refused it or never took it: `error` says why.
    Failed,
}

/// One message of a request's delivery log: what went where and when, the address
/// masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    #[serde(flatten)]
    pub kind: NoticeKind,
    pub channel: Channel,
    /// `+7 *** ***-**-89`, `iv…@mail.ru`, the push service's host, empty for the app.
    pub to: String,
    pub state: DeliveryState,
    /// When it was sent, held or failed.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub hold_until: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Failed attempts so far.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attempts: u32,
    /// Sent again at the citizen's request ("Отправить ещё раз").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resent: bool,
    /// The provider's id of the message (SNS, SES), by which its delivery reports find
    /// this line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A request's notifications: the preferences in force for it and what was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestNotices {
    pub prefs: Prefs,
    /// Set for this request (otherwise the citizen's own or the defaults).
    pub own: bool,
    /// The channels it has an address for.
    pub available: Vec<Channel>,
    /// Newest first.
    pub deliveries: Vec<Delivery>,
}

/// Preferences for one request sent from its status page (`access_code` as for adding
/// information; ignored on one's own request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestPrefs {
    #[serde(default)]
    pub access_code: String,
    pub prefs: Prefs,
}

/// A browser's push subscription as `PushSubscription.toJSON()` gives it
/// (`POST /my/push`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushSubscription {
    /// The push service's URL for this browser.
    pub endpoint: String,
    /// Milliseconds since 1970 when the browser lets it lapse; usually `null`.
    #[serde(default, rename = "expirationTime")]
    pub expiration_time: Option<f64>,
    pub keys: PushKeys,
}

/// The browser's half of the payload's encryption (RFC 8291), base64url.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushKeys {
    /// A P-256 public key, uncompressed (65 bytes).
    pub p256dh: String,
    /// A 16-byte secret.
    pub auth: String,
}

/// Whether this server can push, and to how many of the citizen's browsers
/// (`GET /my/push`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushInfo {
    /// The server's VAPID public key (`applicationServerKey`, base64url); `null` when
    /// the deployment has no keys and push is off.
    pub public_key: Option<String>,
    /// Browsers subscribed for this citizen.
    pub devices: u32,
}

/// A browser to stop pushing to (`POST /my/push/remove`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRemove {
    pub endpoint: String,
}

/// A phone as the log shows it: the country code and the last two digits.
pub fn mask_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let tail = &digits[digits.len().saturating_sub(2)..];
    format!("+7 *** ***-**-{tail}")
}

/// An e-mail address as the log shows it: two letters, then the domain.
pub fn mask_email(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => {
            let head: String = local.chars().take(2).collect();
            format!("{head}…@{domain}")
        }
        None => "…".to_owned(),
    }
}

#[cfg(test)]
#[path = "notice_tests.rs"]
mod tests;
