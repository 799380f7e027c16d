// One loader for every package, kept in the main package (weapp subpackages cannot import one another).
export { useLoader, type Load } from '../../utils/useLoader'
