namespace wavecraft
{

namespace
{
    juce::NormalisableRange<double> makeSliderRange (const ParameterSpec& spec)
    {
        const auto low = (double) spec.minValue, high = (double) spec.maxValue;

        if (! ParameterControl::usesLogarithmicScale (spec))
            return { low, high };

        if (low > 0.0)
            return { low, high,
                     [] (double start, double end, double proportion)
                     { return start * std::pow (end / start, proportion); },
                     [] (double start, double end, double value)
                     { return std::log (value / start) / std::log (end / start); } };

        // A Hz range from 0 has no logarithm: put a twentieth of it at the middle.
        juce::NormalisableRange<double> range { low, high };
        range.setSkewForCentre (low + (high - low) / 20.0);
        return range;
    }

    /** Enough decimals to show a hundredth of the range (as `scale` shows
        it) move, and at least `fewest`: a range of 0..0.01 gets four.
    */
    int decimalsFor (const ParameterSpec& spec, double scale, int fewest)
    {
        const auto step = (double) (spec.maxValue - spec.minValue) * scale / 100.0;
        return step > 0.0 ? juce::jlimit (fewest, 9, (int) std::ceil (-std::log10 (step) - 1.0e-4)) : fewest;
    }

    bool isNumber (const juce::String& text)
    {
        return text.isNotEmpty() && text.containsOnly ("0123456789.-+eE") && text.containsAnyOf ("0123456789");
    }
} // namespace

ParameterControl::ParameterControl (const ParameterSpec& parameterSpec)
    : spec (parameterSpec)
{
    nameLabel.setText (spec.name, juce::dontSendNotification);
    nameLabel.setTooltip (spec.id + ": double-click to reset to " + formatValue (spec, spec.defaultValue));
    nameLabel.setInterceptsMouseClicks (false, false); // the double-click reaches this component
    addAndMakeVisible (nameLabel);

    switch (spec.type)
    {
        case ParameterType::boolType:
            editor = makeToggle();
            break;
        case ParameterType::enumType:
            editor = makeComboBox();
            break;
        case ParameterType::floatType:
            editor = makeSlider();
            break;
    }

    editor->setTitle (spec.name); // for accessibility, and the tests
    addAndMakeVisible (*editor);
    setValue (spec.defaultValue);
}

ParameterControl::~ParameterControl() = default;

void ParameterControl::attachTo (juce::RangedAudioParameter& parameter)
{
    if (slider != nullptr)
    {
        sliderAttachment = std::make_unique<juce::SliderParameterAttachment> (parameter, *slider);

        // The attachment gives the slider the parameter's linear range and
        // its text; the window keeps the log scale of a frequency and the
        // values as the spec reads them.
        slider->setNormalisableRange (makeSliderRange (spec));
        slider->textFromValueFunction = [this] (double value)
        { return formatValue (spec, (float) value); };
        slider->valueFromTextFunction = [this] (const juce::String& text)
        { return parseTypedValue (text); };
        slider->updateText();
    }
    else if (toggle != nullptr)
    {
        buttonAttachment = std::make_unique<juce::ButtonParameterAttachment> (parameter, *toggle);
    }
    else if (comboBox != nullptr)
    {
        comboBoxAttachment = std::make_unique<juce::ComboBoxParameterAttachment> (parameter, *comboBox);
    }
}

std::unique_ptr<juce::Slider> ParameterControl::makeSlider()
{
    auto newSlider = std::make_unique<juce::Slider> (juce::Slider::LinearHorizontal, juce::Slider::TextBoxRight);
    newSlider->setNormalisableRange (makeSliderRange (spec));
    newSlider->setDoubleClickReturnValue (true, spec.defaultValue);
    newSlider->setTextBoxStyle (juce::Slider::TextBoxRight, false, 90, 20);
    newSlider->textFromValueFunction = [this] (double value)
    { return formatValue (spec, (float) value); };
    newSlider->valueFromTextFunction = [this] (const juce::String& text)
    { return parseTypedValue (text); };
    newSlider->onValueChange = [this]
    { report ((float) slider->getValue()); };
    slider = newSlider.get();
    return newSlider;
}

std::unique_ptr<juce::ToggleButton> ParameterControl::makeToggle()
{
    auto newToggle = std::make_unique<juce::ToggleButton>(); // the name label names it
    newToggle->onClick = [this]
    { report (toggle->getToggleState() ? 1.0f : 0.0f); };
    toggle = newToggle.get();
    return newToggle;
}

std::unique_ptr<juce::ComboBox> ParameterControl::makeComboBox()
{
    auto newComboBox = std::make_unique<juce::ComboBox>();
    const auto first = (int) spec.minValue;

    // Item ids start at 1 (0 means "nothing selected"): id = index - min + 1.
    for (int index = first; index <= (int) spec.maxValue; ++index)
        newComboBox->addItem (formatValue (spec, (float) index), index - first + 1);

    newComboBox->onChange = [this, first]
    { report ((float) (comboBox->getSelectedId() - 1 + first)); };
    comboBox = newComboBox.get();
    return newComboBox;
}

void ParameterControl::setValue (float value)
{
    showValue (value, juce::dontSendNotification);
}

void ParameterControl::showValue (float value, juce::NotificationType notification)
{
    if (slider != nullptr)
        slider->setValue (value, notification);
    else if (toggle != nullptr)
        toggle->setToggleState (value >= 0.5f, notification);
    else if (comboBox != nullptr)
        comboBox->setSelectedId (juce::roundToInt (value) - (int) spec.minValue + 1, notification);
}

float ParameterControl::getValue() const
{
    if (slider != nullptr)
        return (float) slider->getValue();

    if (toggle != nullptr)
        return toggle->getToggleState() ? 1.0f : 0.0f;

    return (float) (comboBox->getSelectedId() - 1 + (int) spec.minValue);
}

double ParameterControl::parseTypedValue (const juce::String& text) const
{
    const auto typed = parseTypedValue (spec, text);
    return typed.has_value() ? *typed : slider->getValue();
}

std::optional<float> ParameterControl::parseTypedValue (const ParameterSpec& spec, const juce::String& text)
{
    auto number = text.trim();

    if (spec.unit.isNotEmpty() && number.endsWithIgnoreCase (spec.unit))
        number = number.dropLastCharacters (spec.unit.length()).trim();

    // "1k" or "1 k" (from "1 kHz") is a thousand.
    auto scale = spec.unit == "%" ? 0.01 : 1.0;

    if (spec.unit != "%" && number.endsWithIgnoreCase ("k"))
    {
        number = number.dropLastCharacters (1).trim();
        scale = 1000.0;
    }

    if (spec.type != ParameterType::floatType || ! isNumber (number))
    {
        float value = spec.defaultValue;
        return spec.parseValue (text.trim(), value).wasOk() ? std::optional<float> (value) : std::nullopt;
    }

    const auto value = (float) (number.getDoubleValue() * scale);
    return spec.checkValue (value).wasOk() ? std::optional<float> (value) : std::nullopt;
}

void ParameterControl::resetToDefault()
{
    if (isAttached())
        return showValue (spec.defaultValue, juce::sendNotificationSync); // the attachment hears the widget

    setValue (spec.defaultValue);
    report (spec.defaultValue);
}

void ParameterControl::report (float value)
{
    if (onValueChange != nullptr)
        onValueChange (value);
}

void ParameterControl::mouseDoubleClick (const juce::MouseEvent&)
{
    resetToDefault();
}

juce::String ParameterControl::formatValue (const ParameterSpec& spec, float value)
{
    switch (spec.type)
    {
        case ParameterType::boolType:
            return value >= 0.5f ? "On" : "Off";
        case ParameterType::enumType:
        {
            const auto name = spec.getVariantName (juce::roundToInt (value));
            return name.isNotEmpty() ? name : juce::String (juce::roundToInt (value));
        }
        case ParameterType::floatType:
            break;
    }

    // As Wavecraft's own ParameterSlider shows them: no unit, three
    // decimals; "%", the 0..1 value as a percentage with one; any other
    // unit, one and the unit. More where the range is small.
    if (spec.unit.isEmpty())
        return juce::String ((double) value, decimalsFor (spec, 1.0, 3));

    if (spec.unit == "%")
        return juce::String ((double) value * 100.0, decimalsFor (spec, 100.0, 1)) + "%";

    return juce::String ((double) value, decimalsFor (spec, 1.0, 1)) + " " + spec.unit;
}

bool ParameterControl::usesLogarithmicScale (const ParameterSpec& spec)
{
    if (spec.type != ParameterType::floatType)
        return false;

    const auto spansDecades = spec.minValue > 0.0f && spec.maxValue / spec.minValue >= 100.0f;
    return spec.unit.endsWithIgnoreCase ("hz") || spansDecades;
}

void ParameterControl::resized()
{
    auto area = getLocalBounds().reduced (2);
    nameLabel.setBounds (area.removeFromLeft (juce::jmin (150, area.getWidth() / 3)));
    editor->setBounds (area);
}

} // namespace wavecraft
