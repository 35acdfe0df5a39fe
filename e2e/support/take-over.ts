// The demo subscriptions the take-control spec changes: five small self-service Power BI Pro
// purchases (crates/server/src/seed/subscriptions.rs TAKE_CONTROL_PURCHASES, 5 licenses, 3
// assigned), one per language, read by no other spec; Contoso's own Power BI Pro
// (sub_contoso_power_bi, 250 licenses) takes their people.

import type { Language } from './portal';

export interface TakeOver {
  /** The self-service subscription's id. */
  id: string;
  /** Its product's name. */
  product: string;
  /** Its purchaser's name and sign-in. */
  purchaser: string;
  purchaserEmail: string;
}

const powerBi = (who: string, name: string): TakeOver => ({
  id: `sub_${who}_power_bi`,
  product: 'Power BI Pro',
  purchaser: name,
  purchaserEmail: `${name.toLowerCase().replace(' ', '.')}@contoso.example`,
});

export const TAKE_OVER: Record<Language, TakeOver> = {
  en: powerBi('joni', 'Joni Sherman'),
  da: powerBi('christie', 'Christie Cline'),
  de: powerBi('irvin', 'Irvin Sayers'),
  nl: powerBi('debra', 'Debra Berger'),
  sv: powerBi('allan', 'Allan Deyoung'),
};

/** Who buys the subscription the keyboard-only spec takes control of and cancels (Project Plan
 *  3, bought in the test itself: no demo subscription of Joni's but her Power BI Pro exists). */
export const CANCEL_BUYER = { email: 'joni.sherman@contoso.example', id: 'usr_joni', card: 'pm_joni_visa', name: 'Joni Sherman' };
