import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { api } from './api';
import { applyLanguage } from './lib/i18n.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// The desktop's language before the first paint; Settings' choice follows when read.
applyLanguage('');
mount(App, { target, props: { api } });
