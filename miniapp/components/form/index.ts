// The form kit (issue 16): every form's fields, chips, pickers and photos; styles in styles/form.scss.
export { Field, FieldError, FormInput, FormTextarea, type FieldProps, type FormInputProps, type FormTextareaProps } from './Field'
export { ChipSelect, type ChipLayout, type ChipSelectProps } from './ChipSelect'
export { DatePicker, DateTime, TimePicker, type DatePickerProps, type DateTimeProps } from './DateTime'
export { PhotoPicker, usePhotos, type FormPhoto, type PhotoPickerProps, type PhotosState, type PhotoState } from './PhotoPicker'
export { PhotoError, choosePhotos, uploadProgressText, type PickedPhoto, type PhotoType } from './photos'
export { PersonPicker, type PersonPickerProps } from '../PersonPicker'
export { useSubmit, type FormErrors, type RunOptions } from './useSubmit'
