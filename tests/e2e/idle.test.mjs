// SPDX-License-Identifier: AGPL-3.0-or-later
// End to end (issue 5): the idle-timeout warning. With `serve --idle-timeout 1` the session ends
// after a minute without a call; the page warns 15 s before (a quarter of the timeout), "Stay
// signed in" keeps the session, and letting it run out asks to sign in again.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, cli, startServer, addUser, signIn } from '../integration/helpers.mjs';
import { launch, axeViolations } from './browser.mjs';

describe('idle timeout in the browser', () => {
  let db; let server; let browser; let page; let desk;
  before(async () => {
    db = freshDatabase('sqlite');
    assert.equal(cli('init', '--db', db.url).status, 0);
    assert.equal(cli('demo', '--db', db.url, '--patients', '20', '--no-users').status, 0);
    server = await startServer(db.url, ['--idle-timeout', '1']);
    desk = addUser(db.url, ['front_desk']);
    browser = await launch();
    page = await browser.context.newPage();
  });
  after(async () => { await browser?.close(); await server?.stop(); db?.drop(); });

  test('a warning before the end, "Stay signed in" keeps the session, and the end asks to sign in again', { timeout: 180_000 }, async () => {
    await page.goto(`${server.base}/patients`);
    await page.getByLabel('Username').fill(desk.username);
    await page.getByLabel('Password').fill(desk.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByLabel('Search').fill('a draft search');
    const warning = page.getByRole('dialog', { name: 'Still there?' });
    const started = Date.now();
    await warning.waitFor({ timeout: 70_000 });
    assert.ok(Date.now() - started >= 40_000, 'no warning long before the end');
    assert.deepEqual(await axeViolations(page), [], 'axe: the idle warning');
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'detached' });
    // The session goes on: the page's next call is answered.
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/patients?'));
    await page.getByLabel('Search').fill('a draft search!');
    assert.equal((await searched).status(), 200);
    // Now let it run out: the sign-in dialog comes without any click, and the page keeps its input.
    const again = page.getByRole('dialog', { name: 'Sign in again' });
    await again.waitFor({ timeout: 80_000 });
    // The server ended it too: the page counts from when its last answer arrived, which is after
    // the server saw the call. (Any call would renew a live session, so there is one check.)
    const status = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
    assert.equal(status, 401, 'the server ended the session');
    await again.getByLabel('Password').fill(desk.password);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('Search').inputValue(), 'a draft search!');
    // Signing in through the API does not log the browser out (sessions are separate).
    assert.ok((await signIn(server.base, desk)).csrf);
  });
});
