/**
 * Currency codes and their ISO 4217 minor-unit exponents.
 *
 * The exponent is how many decimal places a currency's minor unit has:
 * USD 2 (cents), JPY 0, KWD 3 (fils), CLF 4. Amounts are never divided by 100 blindly.
 */

/** Thrown when a currency code is malformed or names no known currency. */
export class UnknownCurrencyError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(`Unknown currency code "${code}": expected an ISO 4217 code such as USD, EUR or JPY`);
    this.name = 'UnknownCurrencyError';
    this.code = code;
  }
}

/** Active ISO 4217 codes (plus a few recently withdrawn ones still seen in exports), by exponent. */
const EXPONENT_0 = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const EXPONENT_3 = 'BHD IQD JOD KWD LYD OMR TND';
const EXPONENT_4 = 'CLF UYW';
const EXPONENT_2 = [
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD',
  'CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL',
  'GHS GIP GMD GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR',
  'LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB',
  'PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP',
  'SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL',
].join(' ');

/**
 * ISO 4217 codes that are not money (precious metals, bond units, SDR, test and "no currency").
 * Intl formats them with 2 decimals, so they are refused explicitly.
 */
const NON_MONETARY = new Set(
  'XAG XAU XBA XBB XBC XBD XDR XPD XPT XSU XTS XUA XXX'.split(' '),
);

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...EXPONENT_0.split(' ').map((c): [string, number] => [c, 0]),
  ...EXPONENT_2.split(' ').map((c): [string, number] => [c, 2]),
  ...EXPONENT_3.split(' ').map((c): [string, number] => [c, 3]),
  ...EXPONENT_4.split(' ').map((c): [string, number] => [c, 4]),
]);

const CODE_SHAPE = /^[A-Z]{3}$/;

let intlCodes: ReadonlySet<string> | undefined;

/** Currency codes the runtime's ICU data knows (Intl accepts any 3 letters, so ask it for its list). */
function intlCurrencyCodes(): ReadonlySet<string> {
  if (intlCodes === undefined) {
    intlCodes = new Set(Intl.supportedValuesOf('currency'));
  }
  return intlCodes;
}

function lookupExponent(code: string): number | undefined {
  if (!CODE_SHAPE.test(code) || NON_MONETARY.has(code)) return undefined;
  const known = EXPONENTS.get(code);
  if (known !== undefined) return known;
  if (!intlCurrencyCodes().has(code)) return undefined;
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: code });
  return format.resolvedOptions().maximumFractionDigits;
}

/**
 * The number of decimal places of `code`'s minor unit (USD 2, JPY 0, KWD 3, CLF 4).
 * `code` must already be upper case; use {@link normalizeCurrency} on user input first.
 * @throws UnknownCurrencyError for a malformed or unknown code
 */
export function currencyExponent(code: string): number {
  const exponent = lookupExponent(code);
  if (exponent === undefined) throw new UnknownCurrencyError(code);
  return exponent;
}

/** True for an upper-case three-letter code that names a known currency. */
export function isCurrencyCode(s: string): boolean {
  return lookupExponent(s) !== undefined;
}

/**
 * Trims and upper-cases user input (" usd " → "USD") and checks it names a currency.
 * @throws UnknownCurrencyError otherwise
 */
export function normalizeCurrency(s: string): string {
  const code = s.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw new UnknownCurrencyError(s.trim());
  return code;
}

/**
 * Symbols and prefixes seen in exported amount cells. `$` and `¥` follow the common reading
 * (US dollar, yen); prefixed forms (`C$`, `CN¥`) name the others.
 */
const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'], ['US$', 'USD'], ['USD$', 'USD'],
  ['C$', 'CAD'], ['CA$', 'CAD'], ['CAD$', 'CAD'],
  ['A$', 'AUD'], ['AU$', 'AUD'], ['AUD$', 'AUD'],
  ['NZ$', 'NZD'], ['HK$', 'HKD'], ['S$', 'SGD'], ['SG$', 'SGD'],
  ['MX$', 'MXN'], ['R$', 'BRL'],
  ['€', 'EUR'], ['£', 'GBP'], ['¥', 'JPY'], ['JP¥', 'JPY'], ['円', 'JPY'],
  ['CN¥', 'CNY'], ['RMB', 'CNY'], ['元', 'CNY'],
  ['₹', 'INR'], ['₩', 'KRW'], ['₪', 'ILS'], ['₺', 'TRY'], ['₽', 'RUB'], ['₫', 'VND'],
  ['฿', 'THB'], ['₱', 'PHP'], ['₴', 'UAH'], ['₦', 'NGN'],
  ['zł', 'PLN'], ['Kč', 'CZK'], ['Ft', 'HUF'], ['Fr.', 'CHF'], ['SFr.', 'CHF'],
  ['R', 'ZAR'], ['د.إ', 'AED'], ['ر.س', 'SAR'], ['د.ك', 'KWD'],
]);

/** Symbols shared by several currencies: the caller must ask for an explicit code. */
const AMBIGUOUS = new Set(['kr', 'kr.', 'Kr', 'Rs', 'Rs.', 'Fr', '﷼', 'ƒ', '¢']);

/**
 * The ISO code a currency symbol stands for: `$` → USD, `€` → EUR, `£` → GBP, `¥` → JPY,
 * `₹` → INR; an ISO code in any case is accepted as itself (`chf` → CHF).
 * Returns undefined when the symbol is ambiguous (`kr` is SEK, NOK, DKK or ISK) or unknown.
 */
export function currencySymbolToCode(sym: string): string | undefined {
  const s = sym.trim();
  if (AMBIGUOUS.has(s)) return undefined;
  const bySymbol = SYMBOLS.get(s);
  if (bySymbol !== undefined) return bySymbol;
  const upper = s.toUpperCase();
  return isCurrencyCode(upper) ? upper : undefined;
}
