namespace wavecraft
{

/** The current value of every parameter of one loaded plugin, shared between
    the threads without locks.

    The list of specs is fixed at construction; only the values change. Each
    value is an atomic float, so the message thread, the server thread and the
    app's own code may write while the audio thread reads a snapshot at the start
    of a block. A writer sees its value on the audio thread's next block.
*/
class ParameterStore
{
public:
    /** Creates a store holding each parameter's default. [message thread] */
    explicit ParameterStore (std::vector<ParameterSpec> specs);

    /** The specs, in the order of the plugin's params JSON. [any thread] */
    const std::vector<ParameterSpec>& getSpecs() const noexcept { return specs; }

    int size() const noexcept { return (int) specs.size(); }

    /** The index of the parameter with this id, or -1. [any thread] */
    int indexOf (const juce::String& id) const noexcept;

    /** [any thread] */
    float getValue (int index) const noexcept;

    /** Stores a value; check it with ParameterSpec::checkValue first, as this
        only clamps to the declared range. [any thread, lock-free]
    */
    void setValue (int index, float value) noexcept;

    /** Puts every parameter back to its default. [any thread] */
    void resetToDefaults() noexcept;

    /** Copies every value, in spec order, into `destination`, which holds
        size() floats. [audio thread: no locks, no allocation]
    */
    void copyValuesTo (float* destination) const noexcept
    {
        // Relaxed is enough: each value stands alone, and the block boundary is
        // the only ordering the Wavecraft protocol promises.
        const auto* source = values.get();

        for (size_t i = 0, n = specs.size(); i < n; ++i)
            destination[i] = source[i].load (std::memory_order_relaxed);
    }

private:
    static_assert (std::atomic<float>::is_always_lock_free, "parameter values must be lock-free");

    std::vector<ParameterSpec> specs;
    std::unique_ptr<std::atomic<float>[]> values;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ParameterStore)
};

} // namespace wavecraft
