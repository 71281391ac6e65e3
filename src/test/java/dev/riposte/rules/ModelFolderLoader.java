package dev.riposte.rules;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads a model {@link RuleModelBuild#write written} to a folder in front of the build's own: its classes and descriptor
 * first (a rule package's model class has the same name whatever its rules, so the parent's would win otherwise).
 */
final class ModelFolderLoader extends URLClassLoader {

    ModelFolderLoader(Path dir, ClassLoader parent) throws MalformedURLException {
        super(new URL[] {dir.toUri().toURL()}, parent);
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && findResource(name.replace('.', '/') + ".class") != null) {
                c = findClass(name);
            }
            return c != null ? c : super.loadClass(name, resolve);
        }
    }
}
