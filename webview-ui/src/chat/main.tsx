import { render } from 'preact';
import { ChatApp } from './chatApp';
import '../buttons.css';
import './chat.css';

const root = document.getElementById('root');
if (root) render(<ChatApp />, root);
