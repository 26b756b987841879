/*
    A small juce::AudioProcessor written with juce::dsp (a tone through a
    state-variable filter and a gain, its parameters in an
    AudioProcessorValueTreeState) that serves itself to the Wavecraft browser
    UI: it owns a wavecraft::AudioProcessorBackend and a BrowserUiServer, so
    the same processor is driven by @wavecraft/core in any format it is built
    as (the Standalone here, a VST3 in a DAW).

    The server listens on 127.0.0.1, on WAVECRAFT_PORT if set (0 picks a free
    port), else 9000, and prints "listening ws://127.0.0.1:PORT".
*/
#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>
#include <juce_dsp/juce_dsp.h>

#include <iostream>

class ToneFilterProcessor : public juce::AudioProcessor
{
public:
    ToneFilterProcessor()
        : juce::AudioProcessor (BusesProperties().withOutput ("Output", juce::AudioChannelSet::stereo(), true))
    {
        wavecraft::WebSocketServer::Options options;
        options.port = juce::SystemStats::getEnvironmentVariable ("WAVECRAFT_PORT", "9000").getIntValue();

        if (const auto started = server.start (options); started.failed())
            std::cerr << "ToneFilterProcessor: " << started.getErrorMessage() << std::endl;
        else
            std::cout << "listening ws://127.0.0.1:" << server.getPort() << std::endl;
    }

    /** A change the processor's own code makes, as automation would. [message thread] */
    void setLevel (float level) { *levelParameter = level; }

    //==============================================================================
    void prepareToPlay (double sampleRate, int maximumBlockSize) override
    {
        const juce::dsp::ProcessSpec spec { sampleRate, (juce::uint32) maximumBlockSize, 2 };
        tone.initialise ([] (float x)
                         { return std::sin (x); });
        tone.setFrequency (220.0f);
        tone.prepare (spec);
        filter.prepare (spec);
        gain.prepare (spec);
        gain.setRampDurationSeconds (0.0);
        backend.prepare (sampleRate, maximumBlockSize);
    }

    void releaseResources() override {}

    void processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer&) override
    {
        buffer.clear();
        filter.setCutoffFrequency (cutoffParameter->get());
        filter.setResonance (resonanceParameter->get());
        filter.setType (std::array { juce::dsp::StateVariableTPTFilterType::lowpass, juce::dsp::StateVariableTPTFilterType::bandpass,
                                     juce::dsp::StateVariableTPTFilterType::highpass }[(size_t) modeParameter->getIndex()]);
        gain.setGainLinear (levelParameter->get());

        juce::dsp::AudioBlock<float> block (buffer);
        juce::dsp::ProcessContextReplacing<float> context (block);
        tone.process (context);
        filter.process (context);
        gain.process (context);

        // Meters and the scope for the browser UI: lock-free, no allocation.
        backend.pushOutput (buffer);
    }

    juce::AudioProcessorEditor* createEditor() override { return new juce::GenericAudioProcessorEditor (*this); }
    bool hasEditor() const override { return true; }

    const juce::String getName() const override { return "Tone Filter"; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    double getTailLengthSeconds() const override { return 0.0; }
    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram (int) override {}
    const juce::String getProgramName (int) override { return {}; }
    void changeProgramName (int, const juce::String&) override {}

    void getStateInformation (juce::MemoryBlock& destination) override
    {
        if (const auto xml = state.copyState().createXml())
            copyXmlToBinary (*xml, destination);
    }

    void setStateInformation (const void* data, int size) override
    {
        if (const auto xml = getXmlFromBinary (data, size))
            state.replaceState (juce::ValueTree::fromXml (*xml));
    }

private:
    static juce::AudioProcessorValueTreeState::ParameterLayout makeLayout()
    {
        using Range = juce::NormalisableRange<float>;
        auto filterGroup = std::make_unique<juce::AudioProcessorParameterGroup> ("filter", "Filter", " | ");
        filterGroup->addChild (std::make_unique<juce::AudioParameterFloat> (juce::ParameterID { "cutoff", 1 }, "Cutoff", Range (20.0f, 20000.0f, 0.0f, 0.25f), 1200.0f,
                                                                            juce::AudioParameterFloatAttributes().withLabel ("Hz")),
                               std::make_unique<juce::AudioParameterFloat> (juce::ParameterID { "resonance", 1 }, "Resonance", Range (0.1f, 10.0f), 0.7f),
                               std::make_unique<juce::AudioParameterChoice> (juce::ParameterID { "mode", 1 }, "Mode",
                                                                             juce::StringArray { "Low pass", "Band pass", "High pass" }, 0));
        auto outputGroup = std::make_unique<juce::AudioProcessorParameterGroup> ("output", "Output", " | ");
        outputGroup->addChild (std::make_unique<juce::AudioParameterFloat> (juce::ParameterID { "level", 1 }, "Level", Range (0.0f, 1.0f), 0.5f));

        juce::AudioProcessorValueTreeState::ParameterLayout layout;
        layout.add (std::move (filterGroup), std::move (outputGroup));
        return layout;
    }

    juce::AudioProcessorValueTreeState state { *this, nullptr, "ToneFilter", makeLayout() };
    juce::AudioParameterFloat* cutoffParameter = dynamic_cast<juce::AudioParameterFloat*> (state.getParameter ("cutoff"));
    juce::AudioParameterFloat* resonanceParameter = dynamic_cast<juce::AudioParameterFloat*> (state.getParameter ("resonance"));
    juce::AudioParameterChoice* modeParameter = dynamic_cast<juce::AudioParameterChoice*> (state.getParameter ("mode"));
    juce::AudioParameterFloat* levelParameter = dynamic_cast<juce::AudioParameterFloat*> (state.getParameter ("level"));

    juce::dsp::Oscillator<float> tone;
    juce::dsp::StateVariableTPTFilter<float> filter;
    juce::dsp::Gain<float> gain;

    wavecraft::AudioProcessorBackend backend { *this };
    wavecraft::BrowserUiServer server { backend };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (ToneFilterProcessor)
};
