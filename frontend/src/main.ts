import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import RescueView from './components/RescueView.svelte';
import { api, rescueApi, rescueMode } from './api';
import { applyLanguage } from './lib/i18n.svelte';

// Under the development server (the tests' Chromium) the bridge to the backend is a
// websocket that opens after the page has loaded: a call made before it opens (a
// page reloaded with a document on screen) would throw. Such calls wait for it. The
// desktop window's bridge is there from the start, and this does nothing there.
const bridge = window as unknown as { WailsInvoke?: (message: string) => void };
if (location.protocol.startsWith('http') && bridge.WailsInvoke) {
  const invoke = bridge.WailsInvoke;
  const send = (message: string, tries: number) => {
    try {
      invoke(message);
    } catch (e) {
      if (!(e instanceof TypeError) || tries >= 100) throw e;
      setTimeout(() => send(message, tries + 1), 50);
    }
  };
  bridge.WailsInvoke = (message: string) => send(message, 0);
}

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The desktop's language before the first paint; Settings' choice follows when read.
applyLanguage('');
// A library that failed its check on opening gets its rescue, not the app.
if (rescueMode()) mount(RescueView, { target, props: { api: rescueApi } });
else mount(App, { target, props: { api } });
