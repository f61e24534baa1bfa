import { render } from 'preact';
import { GraphApp } from './graphApp';
import '../buttons.css';
import './graph.css';

const root = document.getElementById('root');
if (root) render(<GraphApp />, root);
