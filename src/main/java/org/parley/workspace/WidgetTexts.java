package org.parley.workspace;

/**
 * The business's own widget texts for one language (docs/widget.md, "Languages"): each one overrides the
 * default text of the workspace for visitors in that language; a null one falls back to the default.
 */
public record WidgetTexts(String launcherLabel, String greeting, String expectedReplyTime) {

    boolean isEmpty() {
        return launcherLabel == null && greeting == null && expectedReplyTime == null;
    }
}
