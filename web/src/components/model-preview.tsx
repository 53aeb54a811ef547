import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.js';

/**
 * A turnable 3D view of the chosen model file, rendered in the browser before anything is uploaded.
 * three.js (≈150 KB gzipped) is imported only here, when a model is chosen, never with the page.
 */
export function ModelPreview({ file }: { file: File }) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      try {
        const THREE = await import('three');
        const name = file.name.toLowerCase();
        const buffer = await file.arrayBuffer();
        let geometry: import('three').BufferGeometry;
        if (name.endsWith('.stl')) {
          const { STLLoader } = await import('three/examples/jsm/loaders/STLLoader.js');
          geometry = new STLLoader().parse(buffer);
        } else if (name.endsWith('.obj')) {
          const { OBJLoader } = await import('three/examples/jsm/loaders/OBJLoader.js');
          const group = new OBJLoader().parse(new TextDecoder().decode(buffer));
          const mesh = group.children.find((c): c is import('three').Mesh => (c as import('three').Mesh).isMesh);
          if (!mesh) throw new Error('no mesh');
          geometry = mesh.geometry;
        } else if (name.endsWith('.3mf')) {
          const { ThreeMFLoader } = await import('three/examples/jsm/loaders/3MFLoader.js');
          const group = new ThreeMFLoader().parse(buffer);
          let found: import('three').BufferGeometry | null = null;
          group.traverse((o) => { if (!found && (o as import('three').Mesh).isMesh) found = (o as import('three').Mesh).geometry; });
          if (!found) throw new Error('no mesh');
          geometry = found;
        } else {
          return;
        }
        if (disposed || !host.current) return;
        geometry.computeVertexNormals();
        geometry.computeBoundingBox();
        const box = geometry.boundingBox!;
        const size = new THREE.Vector3();
        box.getSize(size);
        const center = new THREE.Vector3();
        box.getCenter(center);
        geometry.translate(-center.x, -center.y, -center.z);
        const radius = Math.max(size.x, size.y, size.z) || 1;

        const renderer = new THREE.WebGLRenderer({ antialias: true });
        renderer.setSize(280, 220);
        host.current.appendChild(renderer.domElement);
        const scene = new THREE.Scene();
        scene.background = new THREE.Color(0xf0f0ec);
        const camera = new THREE.PerspectiveCamera(40, 280 / 220, radius / 100, radius * 20);
        camera.up.set(0, 0, 1);
        scene.add(new THREE.HemisphereLight(0xffffff, 0x444444, 2.5));
        const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: 0xe07a1f, roughness: 0.6 }));
        scene.add(mesh);
        let angle = 0.6;
        let frame = 0;
        const draw = () => {
          camera.position.set(Math.cos(angle) * radius * 2, Math.sin(angle) * radius * 2, radius * 1.2);
          camera.lookAt(0, 0, 0);
          renderer.render(scene, camera);
        };
        const spin = () => { angle += 0.01; draw(); frame = requestAnimationFrame(spin); };
        spin();
        cleanup = () => { cancelAnimationFrame(frame); renderer.dispose(); geometry.dispose(); renderer.domElement.remove(); };
      } catch {
        if (!disposed) setFailed(true);
      }
    })();
    return () => { disposed = true; cleanup(); };
  }, [file]);
  return (
    <div class="model-preview" ref={host} role="img" aria-label={t('job.preview_alt', { name: file.name })} data-test-id="model-preview">
      {failed && <p class="muted">{t('desk.preview_unavailable')}</p>}
    </div>
  );
}
