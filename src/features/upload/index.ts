export { UploadSamplesButton } from './components/upload-samples-button';
