namespace wavecraft
{

/** One build of the plugin a session holds: the newest ("current"), or the
    one before it ("previous"), kept loaded after a rebuild so the two can
    be compared by ear (getBuilds, selectBuild).
*/
struct LoadedBuild
{
    int id = 0;                 /**< the session's count of loads when it loaded */
    juce::String role;          /**< "current" or "previous" */
    juce::int64 loadedAtMs = 0; /**< wall clock, ms since 1970 */
    bool heard = false;         /**< the one playing now */
};

} // namespace wavecraft
