namespace wavecraft
{

/** A control for every parameter a BrowserUiBackend serves, grouped by the
    specs' `group` in the order the groups first appear, in a scrolling list.

    Where the backend serves a juce::AudioProcessor (a ProcessorBackend: the
    HostSession, an AudioProcessorBackend), each control is attached to the
    processor's own JUCE parameter, as in a plugin's editor. Otherwise,
    moving a control sets the parameter through the backend, with the panel
    as the origin. Either way every other side (the browser pages, the app)
    hears it, and changes from those sides move the controls. A replaced parameter list (a
    reload) rebuilds the controls with the values the backend carried over.

    To use one: create it on your backend (which must outlive it) and add it
    to a window.

    @see ParameterControl, BrowserUiBackend
*/
class ParameterPanel : public juce::Component,
                       private BrowserUiBackend::Listener,
                       private juce::AsyncUpdater
{
public:
    /** [message thread] */
    explicit ParameterPanel (BrowserUiBackend& backend);
    /** [message thread] */
    ~ParameterPanel() override;

    /** [message thread] */
    int getNumControls() const noexcept { return controls.size(); }

    /** The control of a parameter, or null. [message thread] */
    ParameterControl* findControl (const juce::String& id) const;

    /** The groups' headings, in the order shown ("" for parameters without a group). [message thread] */
    juce::StringArray getGroupNames() const;

    /** The parameter ids, in the order shown. [message thread] */
    juce::StringArray getDisplayOrder() const;

    /** @internal */
    void resized() override;

private:
    struct Row
    {
        juce::Component* component;
        int height;
    };

    void parameterChanged (const juce::String& id, float value, const void* origin) override;
    void parametersReplaced() override;
    void handleAsyncUpdate() override;
    void rebuild();
    juce::AudioProcessor* servedProcessor() const;
    void addGroup (const juce::String& group, const std::vector<ParameterSpec>& specs);
    void layOutRows();

    BrowserUiBackend& backend;
    std::shared_ptr<ParameterStore> store;
    juce::Viewport viewport;
    juce::Component content;
    juce::OwnedArray<ParameterControl> controls; // in the store's order
    juce::OwnedArray<juce::Label> groupHeadings;
    std::vector<Row> rows; // in display order
    juce::Label emptyNote;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ParameterPanel)
};

} // namespace wavecraft
