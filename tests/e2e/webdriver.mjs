// A minimal W3C WebDriver client over fetch, enough to drive the real Haru app through
// tauri-driver (which forwards to WebKitWebDriver). No npm dependencies: nothing to install.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const Keys = { CONTROL: '\uE009', NULL: '\uE000', ESCAPE: '\uE00C', ENTER: '\uE007', ALT: '\uE00A', LEFT: '\uE012', RIGHT: '\uE014' };

export class WebDriverError extends Error {}

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const v = json.value || {};
    throw new WebDriverError(`${method} ${path}: ${v.error || response.status}: ${v.message || ''}`);
  }
  return json.value;
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application, args = []) {
    const value = await call(base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application, args } } },
    });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Ends the session (once: a second call does nothing). */
  async quit() {
    if (this.ended) return;
    this.ended = true;
    await this.cmd('DELETE', '').catch(() => {});
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, v[ELEMENT]);
  }

  async findAll(css) {
    const list = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return list.map((v) => new Element(this, v[ELEMENT]));
  }

  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Runs `script` with a `done(value)` callback as its last argument. */
  executeAsync(script, args = []) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  /** Polls `fn` until it returns a truthy value (errors count as "not yet"). */
  async waitFor(fn, what, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        const value = await fn();
        if (value) return value;
      } catch (err) {
        last = err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
  }

  waitForElement(css, timeoutMs) {
    return this.waitFor(async () => {
      const found = await this.findAll(css);
      return found.length > 0 && (await found[0].displayed()) ? found[0] : null;
    }, css, timeoutMs);
  }

  async screenshot(path) {
    const { writeFileSync } = await import('node:fs');
    const png = await this.cmd('GET', '/screenshot');
    writeFileSync(path, Buffer.from(png, 'base64'));
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  click() {
    return this.session.cmd('POST', `/element/${this.id}/click`, {});
  }
  type(text) {
    return this.session.cmd('POST', `/element/${this.id}/value`, { text });
  }
  text() {
    return this.session.cmd('GET', `/element/${this.id}/text`);
  }
  property(name) {
    return this.session.cmd('GET', `/element/${this.id}/property/${name}`);
  }
  attribute(name) {
    return this.session.cmd('GET', `/element/${this.id}/attribute/${name}`);
  }
  /** Selects all text in an input or textarea (then typing replaces it). */
  selectAll() {
    return this.session.execute('arguments[0].focus(); arguments[0].select(); return true;', [this.ref()]);
  }
  ref() {
    return { [ELEMENT]: this.id };
  }
  displayed() {
    return this.session.cmd('GET', `/element/${this.id}/displayed`);
  }
}
