//! Every visible string, in Russian and English, declared side by side with
//! `helpdesk_shared::messages!` (and `counted!` for texts with a number): one catalog
//! per page family, each an enum of keys, so a missing or mistyped key does not compile.
//! A new page family adds its file here and a variant to `Key`.

mod account;
// The staff's catalogs are in the staff's bundle only.
#[cfg(feature = "staff")]
mod admin;
mod common;
mod faq;
mod notices;
#[cfg(feature = "staff")]
mod offices;
#[cfg(feature = "staff")]
mod reports;
#[cfg(feature = "staff")]
mod two_factor;
mod visits;

#[cfg(feature = "staff")]
mod workspace;

use helpdesk_shared::Lang;

pub use account::{Account, AccountCount};
#[cfg(feature = "staff")]
pub use admin::Admin;
pub use common::{Common, CommonCount};
pub use faq::Faq;
#[cfg(test)]
use helpdesk_app_site::FormCount;
pub use helpdesk_app_site::{Form, Site};
pub use helpdesk_shared::fields::field_message;
pub use notices::{Notices, kind_text, notice_text};
#[cfg(feature = "staff")]
pub use offices::Offices;
#[cfg(feature = "staff")]
pub use reports::Reports;
#[cfg(feature = "staff")]
pub use two_factor::{TwoFactor, TwoFactorCount};
pub use visits::{Visits, VisitsCount};
#[cfg(feature = "staff")]
pub use workspace::Workspace;

/// A key of any catalog: what components take for their labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Common(Common),
    Account(Account),
    #[cfg(feature = "staff")]
    Workspace(Workspace),
    #[cfg(feature = "staff")]
    Admin(Admin),
    #[cfg(feature = "staff")]
    Reports(Reports),
    #[cfg(feature = "staff")]
    Offices(Offices),
    #[cfg(feature = "staff")]
    TwoFactor(TwoFactor),
    Faq(Faq),
    Notices(Notices),
    Site(Site),
    Form(Form),
    Visits(Visits),
}

impl Key {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Key::Common(k) => k.text(lang),
            Key::Account(k) => k.text(lang),
            #[cfg(feature = "staff")]
            Key::Workspace(k) => k.text(lang),
            #[cfg(feature = "staff")]
            Key::Admin(k) => k.text(lang),
            #[cfg(feature = "staff")]
            Key::Reports(k) => k.text(lang),
            #[cfg(feature = "staff")]
            Key::Offices(k) => k.text(lang),
            #[cfg(feature = "staff")]
            Key::TwoFactor(k) => k.text(lang),
            Key::Faq(k) => k.text(lang),
            Key::Notices(k) => k.text(lang),
            Key::Site(k) => k.text(lang),
            Key::Form(k) => k.text(lang),
            Key::Visits(k) => k.text(lang),
        }
    }
}

macro_rules! into_key {
    ($($family:ident),*) => {
        $(impl From<$family> for Key {
            fn from(k: $family) -> Key {
                Key::$family(k)
            }
        })*
    };
}
into_key!(Common, Account, Faq, Notices, Site, Form, Visits);
#[cfg(feature = "staff")]
into_key!(Workspace, Admin, Reports, Offices, TwoFactor);

pub fn t(lang: Lang, key: impl Into<Key>) -> &'static str {
    key.into().text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_text() -> Vec<(String, &'static str, &'static str)> {
        let mut out = Vec::new();
        let mut add = |name: String, k: Key| out.push((name, k.text(Lang::Ru), k.text(Lang::En)));
        for k in Common::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        for k in Account::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        #[cfg(feature = "staff")]
        for k in Workspace::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        #[cfg(feature = "staff")]
        for k in Admin::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        #[cfg(feature = "staff")]
        for k in Reports::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        #[cfg(feature = "staff")]
        for k in Offices::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        #[cfg(feature = "staff")]
        for k in TwoFactor::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        for k in Faq::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        for k in Notices::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        for k in Form::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        for k in Visits::ALL {
            add(format!("{k:?}"), (*k).into());
        }
        out
    }

    #[test]
    fn every_message_has_both_languages_and_no_stray_placeholder() {
        for (name, ru, en) in every_text() {
            assert!(!ru.trim().is_empty() && !en.trim().is_empty(), "{name}");
            // A number belongs in a `counted!` message, whose noun agrees with it.
            assert!(
                !ru.contains("{n}") && !en.contains("{n}"),
                "{name}: use counted!"
            );
            // Russian text is Cyrillic where it has letters, English is not.
            assert!(
                !en.chars()
                    .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
                "{name}: Cyrillic in English: {en}"
            );
        }
    }

    #[cfg(feature = "staff")]
    #[test]
    fn the_staffs_counted_messages_carry_the_number() {
        for k in TwoFactorCount::ALL {
            let (ru, en) = k.forms();
            for form in ru.iter().chain(en.iter()) {
                assert!(form.contains("{n}"), "{k:?}: {form}");
            }
        }
    }

    #[test]
    fn counted_messages_carry_the_number_in_every_form() {
        let forms = AccountCount::ALL
            .iter()
            .map(|k| (format!("{k:?}"), k.forms()))
            .chain(
                CommonCount::ALL
                    .iter()
                    .map(|k| (format!("{k:?}"), k.forms())),
            )
            .chain(FormCount::ALL.iter().map(|k| (format!("{k:?}"), k.forms())))
            .chain(
                VisitsCount::ALL
                    .iter()
                    .map(|k| (format!("{k:?}"), k.forms())),
            );
        for (k, (ru, en)) in forms {
            for form in ru.iter().chain(en.iter()) {
                assert!(form.contains("{n}"), "{k}: {form}");
            }
        }
        assert_eq!(
            AccountCount::SigninResendIn
                .text(Lang::Ru, 21)
                .matches("21")
                .count(),
            1
        );
        assert_eq!(
            AccountCount::SigninWrongCode.text(Lang::Ru, 2),
            "Код не подходит. Проверьте цифры в последнем сообщении. Осталось 2 попытки"
        );
        assert_eq!(
            AccountCount::SigninLocked.text(Lang::Ru, 1),
            "Слишком много неверных попыток. Вход заблокирован, попробуйте через 1 минуту"
        );
        assert_eq!(
            AccountCount::StaffWrong.text(Lang::En, 1),
            "Wrong login or password. 1 try left before a lock"
        );
    }
}
