export { usePaged as useAnnouncementPages } from '../../utils/usePaged'
