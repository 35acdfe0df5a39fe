// What the e2e tests share: the locale files (never copied strings), demo sign-ins, page objects.
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LANGUAGES = ['en', 'da', 'de', 'nl', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

type Area = 'shell' | 'sign_in' | 'errors' | 'your_products' | 'licenses' | 'bills_and_payments' | 'billing_accounts' | 'purchase' | 'help' | 'admin' | 'self_service';

/** A label from locales/<language>/<area>.json, exactly as the app shows it. */
export function text(language: Language, area: Area, key: string): string {
  const file = path.resolve(__dirname, '../../locales', language, `${area}.json`);
  const value = JSON.parse(fs.readFileSync(file, 'utf8'))[key];
  if (typeof value !== 'string') throw new Error(`no ${area}.${key} in ${language}`);
  return value;
}

export const DEMO_PASSWORD = 'Portal-demo-2026';
export const MEGAN = 'megan.bowen@contoso.example';
export const ADELE = 'adele.vance@contoso.example';

/** The sign-in page. */
export class SignInPage {
  constructor(private readonly page: Page, private readonly language: Language = 'en') {}

  async signIn(email = MEGAN, password = DEMO_PASSWORD) {
    await this.page.getByLabel(text(this.language, 'sign_in', 'email'), { exact: true }).fill(email);
    await this.page.getByLabel(text(this.language, 'sign_in', 'password'), { exact: true }).fill(password);
    await this.page.getByRole('button', { name: text(this.language, 'sign_in', 'submit') }).click();
  }

  /** Signs in and waits until the portal has left the sign-in page. */
  async signInAndWait(email = MEGAN, password = DEMO_PASSWORD) {
    await this.signIn(email, password);
    await expect(this.page).not.toHaveURL(/\/sign-in/);
  }

  heading() {
    return this.page.getByRole('heading', { level: 1, name: text(this.language, 'sign_in', 'title') });
  }
}

/** Opens `at` (the sign-in page unless given), signs in as `email` and waits until the portal has left the sign-in page. */
export async function signIn(page: Page, language: Language, email: string, at = '/sign-in') {
  await page.goto(at);
  await new SignInPage(page, language).signInAndWait(email);
}

/** The signed-in frame: navigation, top bar. */
export class Shell {
  constructor(private readonly page: Page, private readonly language: Language = 'en') {}

  navigation() {
    return this.page.getByRole('navigation', { name: text(this.language, 'shell', 'main_navigation') });
  }

  async open(entry: string) {
    await this.navigation().getByRole('link', { name: text(this.language, 'shell', entry), exact: true }).click();
  }

  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  async signOut() {
    await this.page.getByRole('button', { name: text(this.language, 'shell', 'sign_out') }).click();
  }
}

/** Asserts axe finds no WCAG 2.1 A/AA violations on what the page shows now. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The five demo team leads with a card, one per language, for tests that change their data. */
export const TEAM_LEADS: Record<Language, string> = {
  en: 'lee.gu@contoso.example',
  da: 'diego.siciliani@contoso.example',
  de: 'isaiah.langer@contoso.example',
  nl: 'lynne.robbins@contoso.example',
  sv: 'nestor.wilke@contoso.example',
};

/** The browser locale that makes the app open in each language. */
export const BROWSER_LOCALE: Record<Language, string> = { en: 'en-US', da: 'da-DK', de: 'de-DE', nl: 'nl-NL', sv: 'sv-SE' };

/** A locale text with its `{{ name }}` placeholders filled in. */
export function filled(language: Language, area: Area, key: string, values: Record<string, string | number>): string {
  return Object.entries(values).reduce((t, [name, value]) => t.replaceAll(`{{ ${name} }}`, String(value)), text(language, area, key));
}

/** `value` with the characters a regular expression gives a meaning escaped, to match it as it is. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Money the way the app writes it: the browser's Intl in the page's language. */
export function money(page: Page, language: Language, amount: number, currency = 'EUR'): Promise<string> {
  return page.evaluate(([l, c, a]) => new Intl.NumberFormat(l as string, { style: 'currency', currency: c as string }).format(a as number), [
    language,
    currency,
    amount,
  ] as const);
}

/** POST /api/purchases as whoever `request` is signed in as, paying with a saved card, under a new Idempotency-Key. */
export function postPurchase(request: APIRequestContext, productId: string, licenses: number, card: string) {
  return request.post('/api/purchases', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: { product_id: productId, licenses, payment: { saved_card: { payment_method_id: card } } },
  });
}

/** Buys `licenses` of a product through the API (the test fails unless it is bought); the new subscription. */
export async function buyThroughApi(
  request: APIRequestContext,
  productId: string,
  licenses: number,
  card: string,
): Promise<{ id: string; product_name: string }> {
  const bought = await postPurchase(request, productId, licenses, card);
  expect(bought.status()).toBe(201);
  return bought.json();
}

/** Counts the API requests a page makes, by method and path (without the query), from now on. */
export class ApiRequests {
  readonly seen: string[] = [];
  constructor(page: Page) {
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) this.seen.push(`${request.method()} ${url.pathname}${url.search}`);
    });
  }

  /** How many requests were made since `mark` (a previous `count()`), optionally matching `pattern`. */
  since(mark: number, pattern?: RegExp): string[] {
    return this.seen.slice(mark).filter((r) => !pattern || pattern.test(r));
  }

  count(): number {
    return this.seen.length;
  }
}

/** Bills & payments > Invoices. */
export class InvoicesTab {
  constructor(private readonly page: Page, private readonly language: Language) {}

  period() {
    return this.page.getByLabel(text(this.language, 'bills_and_payments', 'period'), { exact: true });
  }

  async choose(key: 'past_3_months' | 'past_6_months' | 'date_range') {
    await this.period().selectOption({ label: text(this.language, 'bills_and_payments', key) });
  }

  start() {
    return this.page.getByLabel(text(this.language, 'bills_and_payments', 'range_start'), { exact: true });
  }

  end() {
    return this.page.getByLabel(text(this.language, 'bills_and_payments', 'range_end'), { exact: true });
  }

  async showRange(from: string, to: string) {
    await this.start().fill(from);
    await this.end().fill(to);
    await this.page.getByRole('button', { name: text(this.language, 'bills_and_payments', 'show_invoices') }).click();
  }

  table() {
    return this.page.getByRole('table', { name: text(this.language, 'bills_and_payments', 'invoices') });
  }

  rows() {
    return this.table().locator('tbody tr');
  }

  /** "Invoices from … to …" above the list. */
  shown() {
    return this.page.locator('p[role=status].hint');
  }
}

/** Bills & payments > Payment methods, with its drop-down and panes. */
export class PaymentMethodsTab {
  constructor(private readonly page: Page, private readonly language: Language) {}

  async open() {
    await this.page.goto('/billing/bills/payment-methods');
    await expect(this.page.getByRole('heading', { level: 2, name: text(this.language, 'bills_and_payments', 'payment_methods') })).toBeVisible();
  }

  table() {
    return this.page.getByRole('table', { name: text(this.language, 'bills_and_payments', 'payment_methods') });
  }

  cardName(brand: string, last4: string) {
    return filled(this.language, 'bills_and_payments', 'card', { brand, last4 });
  }

  /** The row of a card, by the name on it. */
  row(nameOnCard: string) {
    return this.table().locator('tbody tr').filter({ hasText: nameOnCard });
  }

  addButton() {
    return this.page.getByRole('button', { name: text(this.language, 'bills_and_payments', 'add_payment_method') });
  }

  /** Opens the drop-down and chooses its item; returns the pane. */
  async openAdd() {
    await this.addButton().click();
    await this.page.getByRole('menuitem', { name: text(this.language, 'bills_and_payments', 'add_payment_method') }).click();
    const pane = this.page.getByRole('dialog', { name: text(this.language, 'bills_and_payments', 'add_payment_method') });
    await expect(pane).toBeVisible();
    return pane;
  }
}

/** A field of the card form (checkout, Add a payment method, Replace, Edit) inside `scope`, by its label in `language`. */
export const cardField = (scope: Locator, language: Language, key: string) =>
  scope.getByLabel(text(language, 'purchase', key), { exact: true });

/** What a test types into the card form for a new card. */
export interface TypedCard {
  number: string;
  month: string;
  year: string;
  securityCode: string;
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

/** Types a new card into the card form inside `scope`, field by field, as a person does. */
export async function typeCard(scope: Locator, language: Language, card: TypedCard) {
  const field = (key: string) => cardField(scope, language, key);
  await field('card_number').fill(card.number);
  await field('card_expiry_month').fill(card.month);
  await field('card_expiry_year').fill(card.year);
  await field('card_security_code').fill(card.securityCode);
  await field('card_name').fill(card.name);
  await field('card_address_line1').fill(card.line1);
  await field('card_city').fill(card.city);
  await field('card_postal_code').fill(card.postalCode);
  await field('card_country').selectOption(card.country);
}
