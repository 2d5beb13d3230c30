// The front-end build, run by `make setup` (README, "Front-end build"): writes static/build/
//   site.css     Bootstrap Italia compiled from its Sass sources (assets/site.scss picks the
//                components), trimmed by PurgeCSS to the selectors templates/, static/js/,
//                challenge/ and the bundle mention, then assets/fonts.css and our own static/css/site.css;
//   site.js      esbuild bundle: Bootstrap Italia's focus tracker, the plugins whose data-bs-toggle
//                the templates use, plus static/js/votes.js;
//   sprites.svg  the icons of Bootstrap Italia's sprite that the templates and code name.
// challenge/assets.py then names every static file by its content and precompresses it.
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';
import { PurgeCSS } from 'purgecss';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BI = join(ROOT, 'node_modules', 'bootstrap-italia');
const OUT = join(ROOT, 'static', 'build');

function files(dir, test) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}
const CONTENT = [
  ...files(join(ROOT, 'templates'), (name) => name.endsWith('.html')),
  ...files(join(ROOT, 'static', 'js'), (name) => name.endsWith('.js')),
  ...files(join(ROOT, 'challenge'), (name) => name.endsWith('.py')),
];
const TEXT = CONTENT.map((path) => readFileSync(path, 'utf8')).join('\n');

// Classes and attributes that scripts add while a page is used (open menus, transitions, states).
const SAFELIST = {
  standard: ['show', 'showing', 'hiding', 'collapse', 'collapsing', 'collapsed', 'expanded', 'active',
    'disabled', 'fade', 'open', 'focus--mouse', 'focus--keyboard', 'is-invalid', 'is-valid',
    'was-validated', 'invalid-feedback', 'valid-feedback', 'modal-backdrop', 'offcanvas-backdrop',
    'overlay', 'dropdown-menu-end', 'dropdown-menu-start', 'close-div', 'navbar-collapsable',
    'it-back-button', 'menu-wrapper', 'btn-close',
    // Elements WTForms writes from Python (challenge/forms.py renders them, no template names them).
    'input', 'textarea', 'select', 'option', 'optgroup', 'label', 'ul', 'li', 'button'],
  // alert-{{ category }} and friends: the class is assembled in the template.
  greedy: [/^alert-/, /\[type=/, /data-bs-popper/, /data-focus-mouse/, /aria-expanded/, /aria-current/],
};

async function css(bundle) {
  const compiled = sass.compile(join(ROOT, 'assets', 'site.scss'), {
    loadPaths: [join(BI, 'src', 'scss'), join(ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'mixed-decls', 'slash-div'],
  }).css;
  const [purged] = await new PurgeCSS().purge({
    // The bundle too: the attributes and classes its plugins set (data-focus-mouse, show...) stay.
    content: [{ raw: TEXT, extension: 'html' }, { raw: bundle, extension: 'js' }],
    css: [{ raw: compiled }],
    safelist: SAFELIST,
    fontFace: false,
    keyframes: true,
    variables: false,
  });
  const own = ['assets/fonts.css', 'static/css/site.css'].map((path) => readFileSync(join(ROOT, path), 'utf8'));
  writeFileSync(join(OUT, 'site.css'), [purged.css, ...own].join('\n'));
}

// data-bs-toggle value -> Bootstrap Italia plugin that handles it.
const PLUGINS = {
  navbarcollapsible: 'navbar-collapsible',
  collapse: 'collapse',
  dropdown: 'dropdown',
  tab: 'tab',
  modal: 'modal',
  offcanvas: 'offcanvas',
  tooltip: 'tooltip',
  popover: 'popover',
};

async function js() {
  const toggles = new Set([...TEXT.matchAll(/data-bs-toggle="([a-z]+)"/g)].map((match) => match[1]));
  const plugins = [...toggles].filter((name) => PLUGINS[name]).map((name) => PLUGINS[name]).sort();
  // Exported (as window.bootstrap), since the package marks its plugins free of side effects and a
  // bare import would be dropped; importing one registers its data-bs-toggle handler.
  // track-focus marks focus given by the mouse (data-focus-mouse), which the focus styles read.
  const entry = [
    `export { default as TrackFocus } from ${JSON.stringify(join(BI, 'src', 'js', 'plugins', 'track-focus.js'))};`,
    ...plugins.map((name, index) => `export { default as P${index} } from ${JSON.stringify(join(BI, 'src', 'js', 'plugins', name + '.js'))};`),
    `import ${JSON.stringify(join(ROOT, 'static', 'js', 'votes.js'))};`,
  ].join('\n');
  await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'site-entry.js' },
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'bootstrap',
    target: ['es2019'],
    legalComments: 'none',
    outfile: join(OUT, 'site.js'),
    logLevel: 'warning',
  });
  return plugins;
}

function sprites() {
  const sprite = readFileSync(join(BI, 'dist', 'svg', 'sprites.svg'), 'utf8');
  const named = new Set(TEXT.match(/\bit-[a-z0-9-]+/g));
  const symbols = [...sprite.matchAll(/<symbol[^>]*\bid="([^"]+)"[^>]*>[\s\S]*?<\/symbol>/g)]
    .filter((match) => named.has(match[1]))
    .map((match) => match[0]);
  writeFileSync(
    join(OUT, 'sprites.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">${symbols.join('')}</svg>\n`,
  );
  return symbols.length;
}

mkdirSync(OUT, { recursive: true });
const plugins = await js();
await css(readFileSync(join(OUT, 'site.js'), 'utf8'));
const icons = sprites();
console.log(`static/build: site.css, site.js (plugins: ${plugins.join(', ') || 'none'}), sprites.svg (${icons} icons) from ${CONTENT.length} files`);
