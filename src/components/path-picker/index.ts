export { PathPicker, type PathPickerProps } from './path-picker';
export { StorageBrowser, type StorageBrowserProps } from './storage-browser';
export { storageKeys, storageQueries, toFolderPath, uploadObject } from './storage-api';
