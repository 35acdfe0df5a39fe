//! Amounts of money, always in minor units (cents, øre) so no sum is ever rounded.

use serde::{Deserialize, Serialize};

/// An amount in a currency's minor unit, e.g. `{"amount_minor": 1250, "currency": "EUR"}` is €12.50.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// The amount in minor units (cents).
    pub amount_minor: i64,
    /// ISO 4217 currency code, e.g. `EUR`.
    pub currency: String,
}

impl Money {
    /// The amount as a decimal number of major units, for display only (never for arithmetic).
    pub fn major_units(&self) -> f64 {
        self.amount_minor as f64 / 100.0
    }
}
