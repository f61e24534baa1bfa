import { render } from 'preact';
import { SearchPanel } from './searchPanel';
import './styles.css';

const root = document.getElementById('root');
if (root) render(<SearchPanel />, root);
