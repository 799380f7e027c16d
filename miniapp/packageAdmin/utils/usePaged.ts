export { usePaged } from '../../utils/usePaged'
