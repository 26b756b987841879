namespace wavecraft
{

/** The plugin at work: its parameter controls on the left, the output's
    meters and oscilloscope on the right. Needs only a BrowserUiBackend, so
    an app serving its own source can show it too.
*/
class PluginPage : public juce::Component
{
public:
    /** [message thread] The backend must outlive the page. */
    explicit PluginPage (BrowserUiBackend& backend);

    /** [message thread] */
    ParameterPanel& getParameterPanel() noexcept { return parameters; }
    MeterPanel& getMeterPanel() noexcept { return meters; }
    ScopeView& getScopeView() noexcept { return scope; }

    /** @internal */
    void resized() override;

private:
    ParameterPanel parameters;
    MeterPanel meters;
    ScopeView scope;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginPage)
};

} // namespace wavecraft
