package dev.capstan.informer;

import dev.capstan.api.core.v1.ConfigMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every notification as a short line: {@code add a@1 initial}, {@code update a@1->2}, {@code delete a@3 unknown}. */
class RecordingHandler implements ResourceEventHandler<ConfigMap> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(ConfigMap object, boolean initialList) {
        events.add("add " + id(object) + (initialList ? " initial" : ""));
    }

    @Override
    public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
        events.add("update " + oldObject.metadata().name() + "@" + oldObject.metadata().resourceVersion() + "->"
                + newObject.metadata().resourceVersion());
    }

    @Override
    public void onDelete(DeletedObject<ConfigMap> deleted) {
        events.add("delete " + id(deleted.object()) + (deleted.finalStateUnknown() ? " unknown" : ""));
    }

    private static String id(ConfigMap object) {
        return object.metadata().name() + "@" + object.metadata().resourceVersion();
    }
}
