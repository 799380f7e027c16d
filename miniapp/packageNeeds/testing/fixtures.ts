/** The needs pages use the shared need fixtures; kept as a path for the tests that still import it from here. */
export * from '../../testing/fixtures'
