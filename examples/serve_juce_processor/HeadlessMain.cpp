/*
    The same processor played headless, for a machine without a sound card or
    a display (CI): on the Virtual device through a juce::AudioProcessorPlayer,
    as JUCE's Standalone would play it on a sound card.

        ServeJuceProcessorHeadless [SECONDS]

    After 1.5 s the processor's own code sets its level to 0.25, as
    automation would, so a page sees a change it did not make.
*/
#include "ToneFilterProcessor.h"

#include <juce_audio_utils/juce_audio_utils.h>

namespace
{
/** What the processor's own parameters hear: a page's change arrives here,
    as it would in the processor's editor or a host's automation lane.
*/
struct ParameterLog final : juce::AudioProcessorParameter::Listener
{
    void parameterValueChanged (int, float) override {}
    void parameterGestureChanged (int index, bool starting) override
    {
        // At the gesture's end the value is in place; a page's change comes as one gesture.
        if (starting)
            return;

        if (auto* parameter = dynamic_cast<juce::RangedAudioParameter*> (parameters[index]))
            std::cout << "the processor heard " << parameter->getParameterID() << " = "
                      << juce::String (parameter->convertFrom0to1 (parameter->getValue()), 1) << std::endl;
    }

    juce::Array<juce::AudioProcessorParameter*> parameters;
};
} // namespace

int main (int argc, char* argv[])
{
    const juce::ScopedJuceInitialiser_GUI juceSystem;
    const auto seconds = argc > 1 ? juce::String (argv[1]).getDoubleValue() : 5.0;

    juce::AudioDeviceManager deviceManager;
    deviceManager.addAudioDeviceType (std::make_unique<wavecraft::VirtualAudioIODeviceType> (wavecraft::VirtualAudioIODevice::Options {}));
    deviceManager.setCurrentAudioDeviceType (wavecraft::VirtualAudioIODevice::typeName, true);
    juce::AudioDeviceManager::AudioDeviceSetup setup;
    setup.outputDeviceName = wavecraft::VirtualAudioIODevice::deviceName;
    setup.sampleRate = 48000.0;
    setup.bufferSize = 256;
    setup.useDefaultOutputChannels = true;

    if (const auto error = deviceManager.setAudioDeviceSetup (setup, true); error.isNotEmpty())
    {
        std::cerr << "ServeJuceProcessorHeadless: " << error << std::endl;
        return 1;
    }

    ToneFilterProcessor processor;
    ParameterLog log;
    log.parameters = processor.getParameters();

    for (auto* parameter : log.parameters)
        parameter->addListener (&log);
    juce::AudioProcessorPlayer player;
    player.setProcessor (&processor);
    deviceManager.addAudioCallback (&player);

    juce::Timer::callAfterDelay (1500, [&processor]
                                 {
        processor.setLevel (0.25f);
        std::cout << "the processor set its level to 0.25" << std::endl; });
    juce::Timer::callAfterDelay ((int) (seconds * 1000.0), []
                                 { juce::MessageManager::getInstance()->stopDispatchLoop(); });
    juce::MessageManager::getInstance()->runDispatchLoop();

    for (auto* parameter : log.parameters)
        parameter->removeListener (&log);

    deviceManager.removeAudioCallback (&player);
    player.setProcessor (nullptr);
    return 0;
}
