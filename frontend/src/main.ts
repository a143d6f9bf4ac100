import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import RescueView from './components/RescueView.svelte';
import { api, rescueApi, rescueMode } from './api';
import { applyLanguage } from './lib/i18n.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The desktop's language before the first paint; Settings' choice follows when read.
applyLanguage('');
// A library that failed its check on opening gets its rescue, not the app.
if (rescueMode()) mount(RescueView, { target, props: { api: rescueApi } });
else mount(App, { target, props: { api } });
