//! Editing the knowledge base (admins, in the workspace group): every article published
//! or not, create or replace one (both languages, published or not), and the list's
//! order. Every change is audited; readers see it as the cache rules of `crate::faq` say.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use helpdesk_shared::auth::Role;
use helpdesk_shared::faq_edit::{ArticleOrder, EditArticle};
use helpdesk_shared::workspace::AuditAction;
use helpdesk_shared::{FieldCode, FieldError, Problem};

use super::endpoints::{Group, Routes, Verb};
use super::error::{ApiError, JsonBody};
use super::session::Staff;
use super::workspace::{admin_audit, create_only};
use super::{AppState, Client};

pub fn routes() -> Routes {
    Routes::new(Group::Workspace)
        .at(Verb::Get, "/admin/faq/articles", articles)
        .at(Verb::Put, "/admin/faq/articles/{slug}", article_put)
        .at(Verb::Put, "/admin/faq/order", order)
}

/// Every article, published or not, in the list's order (admins).
#[utoipa::path(
    get,
    path = "/api/v1/admin/faq/articles",
    tag = "admin",
    responses(
        (status = 200, description = "Every article", body = Vec<EditArticle>),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn articles(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<axum::Json<Vec<EditArticle>>, ApiError> {
    staff.require(&[Role::Admin])?;
    Ok(axum::Json(state.faq.all().await?))
}

/// Create or replace an article (admins): both languages' title, short answer, steps
/// and the ways people ask it; its topic; what to read next; published or not.
#[utoipa::path(
    put,
    path = "/api/v1/admin/faq/articles/{slug}",
    tag = "admin",
    params(
        ("slug" = String, Path, description = "the article's address: lower-case latin letters, digits, `-`; not a topic's name"),
        ("If-None-Match" = Option<String>, Header, description = "`*`: create only; a slug in use is refused (`id_taken`)"),
    ),
    request_body = EditArticle,
    responses(
        (status = 200, description = "Saved", body = EditArticle),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields to fix, named `slug`, `topic`, `ru.title`, `en.steps`…", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn article_put(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    Path(slug): Path<String>,
    headers: HeaderMap,
    JsonBody(mut sent): JsonBody<EditArticle>,
) -> Result<axum::Json<EditArticle>, ApiError> {
    staff.require(&[Role::Admin])?;
    sent.article.slug = slug;
    if !state.faq.put(&sent, create_only(&headers)).await? {
        return Err(ApiError::Validation(vec![FieldError::new(
            "slug",
            FieldCode::IdTaken,
        )]));
    }
    let detail = format!(
        "{} ({})",
        sent.article.slug,
        if sent.published {
            "published"
        } else {
            "unpublished"
        }
    );
    admin_audit(&state, &staff, &client, AuditAction::FaqArticlePut, &detail).await?;
    let saved = state
        .faq
        .all()
        .await?
        .into_iter()
        .find(|a| a.article.slug == sent.article.slug)
        .ok_or(ApiError::NoArticle)?;
    Ok(axum::Json(saved))
}

/// Put the articles in this order (admins): the slugs named first, in the order given,
/// then the rest as they were.
#[utoipa::path(
    put,
    path = "/api/v1/admin/faq/order",
    tag = "admin",
    request_body = ArticleOrder,
    responses(
        (status = 204, description = "Reordered"),
        (status = 403, description = "Admins only", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A slug names no article", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn order(
    State(state): State<AppState>,
    staff: Staff,
    _fresh: super::two_factor::RecentFactor,
    client: Client,
    JsonBody(sent): JsonBody<ArticleOrder>,
) -> Result<StatusCode, ApiError> {
    staff.require(&[Role::Admin])?;
    if sent.slugs.len() > 1000 {
        return Err(ApiError::Validation(vec![FieldError::with_limit(
            "slugs",
            FieldCode::TooManyItems,
            1000,
        )]));
    }
    state.faq.reorder(&sent.slugs).await?;
    let detail = format!("{} articles", sent.slugs.len());
    admin_audit(&state, &staff, &client, AuditAction::FaqOrder, &detail).await?;
    Ok(StatusCode::NO_CONTENT)
}
