// What the e2e tests share: the locale files (never copied strings), demo sign-ins, page objects.
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LANGUAGES = ['en', 'da', 'de', 'nl', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

type Area = 'shell' | 'sign_in' | 'errors' | 'your_products' | 'licenses' | 'bills_and_payments' | 'billing_accounts' | 'purchase' | 'help';

/** A label from locales/<language>/<area>.json, exactly as the app shows it. */
export function text(language: Language, area: Area, key: string): string {
  const file = path.resolve(__dirname, '../../locales', language, `${area}.json`);
  const value = JSON.parse(fs.readFileSync(file, 'utf8'))[key];
  if (typeof value !== 'string') throw new Error(`no ${area}.${key} in ${language}`);
  return value;
}

export const DEMO_PASSWORD = 'Portal-demo-2026';
export const MEGAN = 'megan.bowen@contoso.example';

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
