export { VersionsTab } from './components/versions-tab';
