// A minimal W3C WebDriver client over fetch: enough to drive the real app via tauri-driver.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application) {
    // Only tauri:options: sending browserName makes WebKitWebDriver refuse the session.
    const res = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ capabilities: { alwaysMatch: { 'tauri:options': { application } } } }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`new session failed: ${JSON.stringify(body)}`);
    return new Session(base, body.value.sessionId);
  }

  async cmd(method, path, data) {
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(body.value)}`);
    return body.value;
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  /** Wait until `css` matches (and, if given, its text includes `text`). */
  async waitFor(css, { text, timeout = 10000 } = {}) {
    const end = Date.now() + timeout;
    let last = '';
    while (Date.now() < end) {
      const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
      for (const f of found) {
        if (text === undefined) return f[ELEMENT];
        try {
          last = await this.cmd('GET', `/element/${f[ELEMENT]}/text`);
        } catch (e) {
          // The screen re-rendered between finding the element and reading it: look again.
          if (String(e.message).includes('stale element reference')) continue;
          throw e;
        }
        if (last.includes(text)) return f[ELEMENT];
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`timed out waiting for ${css}${text ? ` with text "${text}" (last: "${last}")` : ''}`);
  }

  async click(css) {
    const el = await this.waitFor(css);
    await this.cmd('POST', `/element/${el}/click`, {});
  }

  async type(css, text) {
    const el = await this.waitFor(css);
    await this.cmd('POST', `/element/${el}/clear`, {});
    await this.cmd('POST', `/element/${el}/value`, { text });
  }

  async text(css) {
    return this.cmd('GET', `/element/${await this.waitFor(css)}/text`);
  }

  /** Set an input's or select's value as a person's input would (fires input and change). */
  async set(css, value) {
    await this.waitFor(css);
    await this.cmd('POST', '/execute/sync', {
      script: `const el = document.querySelector(arguments[0]);
               el.value = arguments[1];
               el.dispatchEvent(new Event('input', { bubbles: true }));
               el.dispatchEvent(new Event('change', { bubbles: true }));`,
      args: [css, value],
    });
  }

  async exists(css) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return found.length > 0;
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  async close() {
    await fetch(`${this.base}/session/${this.id}`, { method: 'DELETE' });
  }
}
