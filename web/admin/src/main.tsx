import '../../shared/ui/base.css';
import './admin.css';
import { render } from 'preact';
import { App } from './App';

render(<App />, document.getElementById('app')!);
