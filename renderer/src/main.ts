import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { getApi } from './api.ts';

mount(App, { target: document.getElementById('app')!, props: { api: getApi() } });
