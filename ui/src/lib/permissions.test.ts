// The app's permission manifest: the webview may call exactly the commands the UI calls. Three
// places name them: `src-tauri/build.rs` (the manifest Tauri builds its checks from),
// `src-tauri/capabilities/default.json` (what the main window is granted) and this UI's
// `api.ts` (every invoke lives there). A command the UI does not call must not be callable, and
// one it calls must be granted, or the call is refused at run time.
import { describe, expect, it } from 'vitest';
import buildRs from '../../../src-tauri/build.rs?raw';
import capabilityJson from '../../../src-tauri/capabilities/default.json?raw';
import mainRs from '../../../src-tauri/src/main.rs?raw';
import apiTs from './api.ts?raw';

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/** Command names the UI invokes through `call('…')`. */
function uiCommands(): string[] {
  return sorted([...apiTs.matchAll(/\bcall(?:<[^>]*>)?\(\s*'([a-z_]+)'/g)].map((m) => m[1]));
}

/** The `COMMANDS` list of build.rs. */
function manifestCommands(): string[] {
  const list = buildRs.match(/const COMMANDS: &\[&str\] = &\[([\s\S]*?)\];/);
  expect(list, 'build.rs declares COMMANDS').not.toBeNull();
  return sorted([...list![1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]));
}

/** Commands the main window is granted (`allow-<kebab-case name>`). */
function grantedCommands(): string[] {
  const capability = JSON.parse(capabilityJson) as { permissions: (string | { identifier: string })[] };
  return sorted(
    capability.permissions
      .map((p) => (typeof p === 'string' ? p : p.identifier))
      .filter((p) => p.startsWith('allow-'))
      .map((p) => p.slice('allow-'.length).replaceAll('-', '_')),
  );
}

/** Commands registered with `generate_handler!`. */
function registeredCommands(): string[] {
  return sorted([...mainRs.matchAll(/commands::([a-z_]+),/g)].map((m) => m[1]));
}

describe('permission manifest', () => {
  it('finds the commands in all four places', () => {
    expect(uiCommands().length).toBeGreaterThan(20);
    expect(registeredCommands().length).toBeGreaterThan(20);
  });

  it('grants exactly what the UI calls, and registers nothing more', () => {
    const ui = uiCommands();
    expect(manifestCommands()).toEqual(ui);
    expect(grantedCommands()).toEqual(ui);
    expect(registeredCommands()).toEqual(ui);
  });

  it('grants no core plugin beyond events, closing the window and zooming its web view', () => {
    const capability = JSON.parse(capabilityJson) as { permissions: string[] };
    const core = capability.permissions.filter((p) => p.startsWith('core:'));
    // The zoom is the text-size setting (api.ts: zoomWebview); it reads and writes nothing.
    expect(core.sort()).toEqual([
      'core:event:default',
      'core:webview:allow-set-webview-zoom',
      'core:window:allow-close',
      'core:window:allow-destroy',
    ]);
  });

  it('exposes no command that takes a file path from the webview', () => {
    for (const name of ['backup_now', 'list_backups', 'restore_backup', 'export_data', 'import_data']) {
      expect(uiCommands()).not.toContain(name);
      expect(grantedCommands()).not.toContain(name);
      expect(registeredCommands()).not.toContain(name);
    }
  });

  it('reaches your data through the back end’s own file dialogs: no argument names a path', () => {
    for (const name of ['backup_diary', 'diary_backups', 'restore_diary', 'export_diary', 'pick_import_file', 'import_picked']) {
      expect(uiCommands()).toContain(name);
    }
    for (const m of apiTs.matchAll(/\bcall(?:<[^>]*>)?\(\s*'([a-z_]+)'\s*,\s*\{([^}]*)\}/g)) {
      expect(m[2], m[1]).not.toMatch(/path|dir|folder|output|target/i);
    }
  });
});
