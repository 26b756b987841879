namespace wavecraft
{

/** The control for one parameter, made from its spec: a slider for a float
    (with its unit and range; logarithmic where the unit is Hz or the range
    spans decades), a toggle for a bool, a combo box for an enum (its
    variants, or the integers min..max). Double-clicking the name, or the
    slider, resets the default.

    Attached to the parameter's juce::RangedAudioParameter (attachTo()), it
    is what a plugin's editor is: JUCE's own attachments set the parameter
    (a move is a gesture: begin, set, end) and move the control when the
    parameter changes from anywhere. Unattached, it shows a value and
    reports the person's moves through onValueChange, and ParameterPanel
    sets the parameter through its backend.

    @see ParameterPanel
*/
class ParameterControl : public juce::Component
{
public:
    /** [message thread] */
    explicit ParameterControl (const ParameterSpec& spec);
    /** [message thread] */
    ~ParameterControl() override;

    /** Attaches the control to `parameter`, which must outlive the control
        or a later attachTo(). The control keeps its own look: the range's
        scale and the values as the spec reads them. [message thread]
    */
    void attachTo (juce::RangedAudioParameter& parameter);

    /** True once attachTo() was called. [message thread] */
    bool isAttached() const noexcept { return sliderAttachment != nullptr || buttonAttachment != nullptr || comboBoxAttachment != nullptr; }

    /** Shows `value` without calling onValueChange. [message thread] */
    void setValue (float value);

    /** The plain value shown now. [message thread] */
    float getValue() const;

    /** Called when the person changes the value, with the new plain value. [message thread] */
    std::function<void (float)> onValueChange;

    /** [message thread] */
    const ParameterSpec& getSpec() const noexcept { return spec; }

    /** The widget that edits the value: a juce::Slider, juce::ToggleButton or juce::ComboBox. [message thread] */
    juce::Component& getEditor() noexcept { return *editor; }

    /** Sets the default value, as a double-click does: on the attached
        parameter, or reported through onValueChange. [message thread]
    */
    void resetToDefault();

    /** How the value reads, as Wavecraft's own ParameterSlider shows it:
        "1000.0 Hz", "50.0%" (a 0..1 value), "0.500" (no unit), "On",
        "Band pass". [any thread]
    */
    static juce::String formatValue (const ParameterSpec& spec, float value);

    /** The value typed text means, the way formatValue() writes it: "50%"
        or "50" for a "%" parameter is 0.5; "1k" and "1000 Hz" are 1000 for
        Hz. Empty when it is no value the parameter can take. [any thread]
    */
    static std::optional<float> parseTypedValue (const ParameterSpec& spec, const juce::String& text);

    /** True when the slider maps its range logarithmically. [any thread] */
    static bool usesLogarithmicScale (const ParameterSpec& spec);

    /** The height a control wants. */
    static constexpr int preferredHeight = 30;

    /** @internal */
    void resized() override;
    /** @internal */
    void mouseDoubleClick (const juce::MouseEvent&) override;

private:
    std::unique_ptr<juce::Slider> makeSlider();
    std::unique_ptr<juce::ToggleButton> makeToggle();
    std::unique_ptr<juce::ComboBox> makeComboBox();
    void report (float value);
    void showValue (float value, juce::NotificationType notification);
    double parseTypedValue (const juce::String& text) const;

    const ParameterSpec spec;
    juce::Label nameLabel;
    juce::Slider* slider = nullptr;
    juce::ToggleButton* toggle = nullptr;
    juce::ComboBox* comboBox = nullptr;
    std::unique_ptr<juce::Component> editor;
    std::unique_ptr<juce::SliderParameterAttachment> sliderAttachment;
    std::unique_ptr<juce::ButtonParameterAttachment> buttonAttachment;
    std::unique_ptr<juce::ComboBoxParameterAttachment> comboBoxAttachment;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ParameterControl)
};

} // namespace wavecraft
