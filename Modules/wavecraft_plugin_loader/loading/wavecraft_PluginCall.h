namespace wavecraft
{

/** The plugin's entry points a host calls, named so that a fault can say
    where it happened ("... in process()").
*/
enum class PluginCall : uint32_t
{
    none,              /**< not in the plugin's code */
    open,              /**< dlopen: the library's static constructors run here */
    getTable,          /**< wavecraft_dev_create_processor */
    getParamsJson,     /**< wavecraft_get_params_json */
    getProcessorsJson, /**< wavecraft_get_processors_json */
    freeString,        /**< wavecraft_free_string */
    create,
    process,
    applyPlainValues,
    setSampleRate,
    reset,
    drop,
    getState, /**< a plugin of another format's own state (getStateInformation) */
    setState
};

/** e.g. "process()", "wavecraft_get_params_json()", "dlopen (its static constructors)". */
const char* describe (PluginCall call) noexcept;

/** The call's name as the ABI spells it, for a program: "process",
    "apply_plain_values", "wavecraft_get_params_json", "dlopen", ...; "none"
    outside the plugin's code (and for a value no call has).
*/
const char* nameOf (PluginCall call) noexcept;

/** Where a host that wants to know writes the call it is in (one word, so
    another process reading shared memory sees it even after this one died).
*/
using PluginCallMarker = std::atomic<uint32_t>;

/** Notes the call about to be made; a null marker notes nothing. [any thread] */
inline void mark (PluginCallMarker* marker, PluginCall call) noexcept
{
    if (marker != nullptr)
        marker->store ((uint32_t) call, std::memory_order_relaxed);
}

} // namespace wavecraft
