//! The services and offices a new installation offers, until admins edit them.

use std::sync::LazyLock;

use helpdesk_shared::appointment::{Catalog, DayHours, Office, Service, Texts};

/// The catalog, built once per process.
pub(super) fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog {
        services: services(),
        offices: offices(),
    });
    &CATALOG
}

fn services() -> Vec<Service> {
    vec![
        Service {
            id: "account".into(),
            name: Texts::new("Подтверждение учётной записи", "Confirming an account"),
            bring: Texts::new(
                "Паспорт гражданина РФ\nСНИЛС",
                "Russian passport\nSNILS (insurance number)",
            ),
        },
        Service {
            id: "passport".into(),
            name: Texts::new(
                "Консультация по заграничному паспорту",
                "A consultation on a passport for travel abroad",
            ),
            bring: Texts::new(
                "Паспорт гражданина РФ\nНомер заявления, если оно уже подано",
                "Russian passport\nThe application's number, if already filed",
            ),
        },
        Service {
            id: "application".into(),
            name: Texts::new(
                "Помощь с заявлением на портале",
                "Help with an application on the portal",
            ),
            bring: Texts::new(
                "Паспорт гражданина РФ\nДокументы, которые требует услуга",
                "Russian passport\nThe documents the service asks for",
            ),
        },
        Service {
            id: "documents".into(),
            name: Texts::new(
                "Сдача оригиналов документов",
                "Handing in original documents",
            ),
            bring: Texts::new(
                "Паспорт гражданина РФ\nОригиналы документов по заявлению",
                "Russian passport\nThe originals the application names",
            ),
        },
    ]
}

fn offices() -> Vec<Office> {
    let weekday = Some(DayHours::new(8 * 60, 20 * 60));
    let short = Some(DayHours::new(9 * 60, 18 * 60));
    vec![
        Office {
            id: "tverskaya".into(),
            name: Texts::new("Центр услуг «Тверской»", "Tverskoy service centre"),
            address: Texts::new(
                "Москва, ул. Тверская, д. 8, стр. 1",
                "8 Tverskaya St, bldg 1, Moscow",
            ),
            accessibility: Texts::new(
                "Вход без ступеней, индукционная петля у окон 1–3",
                "Step-free entrance, a hearing loop at windows 1–3",
            ),
            hours: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some(DayHours::new(10 * 60, 17 * 60)),
                Some(DayHours::new(10 * 60, 16 * 60)),
            ],
            exceptions: Vec::new(),
            slot_minutes: 20,
            windows: 4,
            services: ["account", "passport", "application", "documents"]
                .map(String::from)
                .into(),
        },
        Office {
            id: "maryino".into(),
            name: Texts::new("Центр услуг «Марьино»", "Maryino service centre"),
            address: Texts::new(
                "Москва, ул. Люблинская, д. 169, корп. 2",
                "169 Lyublinskaya St, bldg 2, Moscow",
            ),
            accessibility: Texts::new(
                "Пандус и лифт, парковка для людей с инвалидностью",
                "Ramp and lift, accessible parking",
            ),
            hours: [short, short, short, short, short, None, None],
            exceptions: Vec::new(),
            slot_minutes: 30,
            windows: 2,
            services: ["account", "application"].map(String::from).into(),
        },
        Office {
            id: "zelenograd".into(),
            name: Texts::new("Центр услуг «Зеленоград»", "Zelenograd service centre"),
            address: Texts::new("Зеленоград, корп. 360", "Building 360, Zelenograd"),
            accessibility: Texts::new(
                "Вход с пандусом, окно для посетителей на колясках",
                "Ramp at the entrance, a window for wheelchair users",
            ),
            hours: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some(DayHours::new(10 * 60, 17 * 60)),
                None,
            ],
            exceptions: Vec::new(),
            slot_minutes: 15,
            windows: 1,
            services: ["account", "passport", "documents"]
                .map(String::from)
                .into(),
        },
    ]
}
