//! Signing in and out, and who is signed in.

use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};

/// Longest email address we accept (RFC 5321's path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
/// Longest password we accept; longer input is refused before hashing.
pub const PASSWORD_MAX_CHARS: usize = 256;

/// `POST /api/session`: sign in with email and password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    /// The person's work email address: one `@`, a dot in the domain, no spaces (U+0085, which
    /// Rust counts as white space and ECMA's `\s` does not, included).
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 254, pattern = r"^[^@\s\x85]+@[^@\s.\x85][^@\s\x85]*\.[^@\s\x85]*[^@\s.\x85]$")
    )]
    pub email: String,
    /// The person's password (up to 256 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub password: String,
}

impl SignInRequest {
    /// Checks the form before anything is sent or looked up. Returns the first problem found,
    /// in the order the fields appear on the page.
    pub fn validate(&self) -> Result<(), ApiError> {
        let email = self.email.trim();
        if email.is_empty() {
            return Err(ApiError::field(ErrorCode::Required, "email", "Enter your email address."));
        }
        if email.chars().count() > EMAIL_MAX_CHARS {
            return Err(ApiError::field(ErrorCode::TooLong, "email", "The email address is too long."));
        }
        if !looks_like_email(email) {
            return Err(ApiError::field(
                ErrorCode::InvalidEmail,
                "email",
                "Enter an email address like name@example.com.",
            ));
        }
        if self.password.is_empty() {
            return Err(ApiError::field(ErrorCode::Required, "password", "Enter your password."));
        }
        if self.password.chars().count() > PASSWORD_MAX_CHARS {
            return Err(ApiError::field(ErrorCode::TooLong, "password", "The password is too long."));
        }
        Ok(())
    }

    /// The email as it is stored: trimmed and lower-cased.
    pub fn normalized_email(&self) -> String {
        self.email.trim().to_lowercase()
    }
}

/// One `@` with something on both sides and a dot in the domain; the mail server decides the rest.
pub fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// What a person may do in the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Buys and manages their own self-service subscriptions.
    User,
    /// Also sees every self-service purchase in the organization, read-only.
    Admin,
}

/// The signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// Stable id.
    pub id: String,
    /// Name as shown in the portal, e.g. "Søren Ørsted".
    pub display_name: String,
    /// Work email address.
    pub email: String,
    /// User or admin.
    pub role: Role,
}

/// The organization the signed-in person belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// Stable id.
    pub id: String,
    /// Name shown in the top bar.
    pub name: String,
    /// ISO 4217 code the organization is billed in.
    pub currency: String,
}

/// `GET /api/me` and a successful sign-in: who is signed in, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The person.
    pub person: Person,
    /// Their organization.
    pub organization: Organization,
    /// Notices they have not read (the count in the navigation).
    #[serde(default)]
    pub unread_notices: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(email: &str, password: &str) -> SignInRequest {
        SignInRequest { email: email.into(), password: password.into() }
    }

    #[test]
    fn a_well_formed_sign_in_passes() {
        assert_eq!(request(" Megan@Contoso.example ", "secret").validate(), Ok(()));
        assert_eq!(request(" Megan@Contoso.example ", "x").normalized_email(), "megan@contoso.example");
    }

    #[test]
    fn each_field_problem_names_its_field_and_code() {
        let cases = [
            (request("", "pw"), ErrorCode::Required, "email"),
            (request("megan", "pw"), ErrorCode::InvalidEmail, "email"),
            (request("megan@contoso", "pw"), ErrorCode::InvalidEmail, "email"),
            (request("a b@contoso.example", "pw"), ErrorCode::InvalidEmail, "email"),
            (request(&format!("{}@x.example", "a".repeat(260)), "pw"), ErrorCode::TooLong, "email"),
            (request("megan@contoso.example", ""), ErrorCode::Required, "password"),
            (request("megan@contoso.example", &"p".repeat(257)), ErrorCode::TooLong, "password"),
        ];
        for (req, code, field) in cases {
            let err = req.validate().expect_err("should be refused");
            assert_eq!((err.code, err.field.as_deref()), (code, Some(field)), "{req:?}");
        }
    }

    #[test]
    fn error_codes_are_snake_case_on_the_wire() {
        let json = serde_json::to_string(&ErrorCode::TooManyAttempts).expect("serializes");
        assert_eq!(json, "\"too_many_attempts\"");
    }
}
